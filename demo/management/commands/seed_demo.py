"""``manage.py seed_demo``: the demo of Samhandla, in Swedish, with invented people and companies.

Three regions (Västerbotten, Gävleborg, Västernorrland) with organisations of every type, people
with roles, mandates and deputies (some without: *personberoende*), one user per role, signals in
every state, an open battery-factory case in Skellefteå and a confidential data-centre case in
Gävle. All of it goes through the services, so history, permissions and confidentiality grants
are exactly what the application itself would have recorded.

Running it again adds nothing (the demo users mark that the demo is there). ``--scale N`` adds N
more open cases, each with two organisations, four people and three signals, for performance
work; it may be repeated and keeps adding. Those rows are bulk-inserted (see ``ScaleSeeder``).

Organisation numbers are invented but valid (Luhn check digit): 212099-xxxx for public bodies and
5599xx-xxxx for everyone else, a series ahead of the one Bolagsverket is handing out. Phone
numbers lie in PTS's ranges reserved for fiction; e-mail addresses are under example.se.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from simple_history.utils import bulk_create_with_history
from stdnum import luhn
from stdnum.se import orgnr as se_orgnr

from accounts import policy
from accounts.models import Confidentiality, RoleName, User
from accounts.services import user_create, user_update
from actors.models import Level, Municipality, Organisation, OrganisationType, Person, Region, Role
from actors.services import organisation_save, person_save, role_save
from establishments.models import CaseKind, CaseMember, EstablishmentCase, Phase, PhaseChange, Signal
from establishments.services import (
    case_change_phase,
    case_create,
    signal_dismiss,
    signal_link_to_case,
    signal_log,
    signal_start_assessment,
)

PASSWORD = "samhandla-demo"
SCALE_PREFIX = "Demoetablering"

T = OrganisationType
LOKAL, REGIONAL, NATIONELL = Level.LOKAL, Level.REGIONAL, Level.NATIONELL
INTERNATIONELL = Level.INTERNATIONELL

# Public bodies get 212099-xxxx, everyone else 5599xx-xxxx (see the module docstring).
PUBLIC_TYPES = {
    T.KOMMUN,
    T.REGION,
    T.LANSSTYRELSEN,
    T.ARBETSFORMEDLINGEN,
    T.MYH,
    T.SKOLVERKET,
    T.TILLVAXTVERKET,
    T.ANNAN_MYNDIGHET,
    T.LAROSATE,
    T.KOMVUX,
    T.GYMNASIESKOLA,
}


@dataclass(frozen=True)
class Org:
    name: str
    type: str
    level: str
    region: str | None = None  # SCB code
    municipality: str | None = None  # SCB code
    domain: str = ""
    notes: str = ""


ORGANISATIONS: dict[str, Org] = {
    # Västerbotten
    "skelleftea": Org(
        "Skellefteå kommun",
        T.KOMMUN,
        LOKAL,
        "24",
        "2482",
        "skelleftea.example.se",
        "Näringslivsenheten tar emot etableringsförfrågningar och trycker på larmknappen.",
    ),
    "umea": Org("Umeå kommun", T.KOMMUN, LOKAL, "24", "2480", "umea.example.se"),
    "region_vb": Org(
        "Region Västerbotten",
        T.REGION,
        REGIONAL,
        "24",
        None,
        "regionvasterbotten.example.se",
        "Regionalt utvecklingsansvar och kompetensplattform; håller den stadigvarande "
        "samverkansstrukturen och larmlistan.",
    ),
    "lst_vb": Org(
        "Länsstyrelsen i Västerbottens län",
        T.LANSSTYRELSEN,
        REGIONAL,
        "24",
        None,
        "lansstyrelsen-vasterbotten.example.se",
        "Tillstånd, miljöprövning och samhällsplanering.",
    ),
    "umu": Org(
        "Umeå universitet",
        T.LAROSATE,
        REGIONAL,
        "24",
        "2480",
        "umu.example.se",
        "Uppdragsutbildning och nya kurser inom batteriteknik och processkemi.",
    ),
    "yh_norrsken": Org(
        "Yrkeshögskolan Norrsken AB",
        T.YH_ANORDNARE,
        REGIONAL,
        "24",
        "2482",
        "yhnorrsken.example.se",
        "YH-utbildningar inom batteriproduktion, automation och underhåll.",
    ),
    "komvux_ske": Org(
        "Komvux Skellefteå",
        T.KOMVUX,
        LOKAL,
        "24",
        "2482",
        "skelleftea.example.se",
        "Regionalt yrkesvux och lärlingsvux; svenska för invandrare.",
    ),
    "gy_ske": Org(
        "Norrbölegymnasiet",
        T.GYMNASIESKOLA,
        LOKAL,
        "24",
        "2482",
        "skelleftea.example.se",
        "El- och energiprogrammet och industritekniska programmet.",
    ),
    "tc_vb": Org(
        "Teknikcollege Västerbotten", T.TEKNIKCOLLEGE, REGIONAL, "24", None, "teknikcollege-ac.example.se"
    ),
    "voc_vb": Org(
        "Vård- och omsorgscollege Västerbotten",
        T.VO_COLLEGE,
        REGIONAL,
        "24",
        None,
        "vocvasterbotten.example.se",
        "Vården och omsorgen behöver växa i takt med inflyttningen.",
    ),
    "svn_vb": Org(
        "Svenskt Näringsliv Västerbotten",
        T.ARBETSGIVARORGANISATION,
        REGIONAL,
        "24",
        "2480",
        "svensktnaringsliv-ac.example.se",
    ),
    "nordanvind": Org(
        "Nordanvind Batteri AB",
        T.FORETAG,
        INTERNATIONELL,
        "24",
        "2482",
        "nordanvind.example.se",
        "Etableraren: fabrik för battericeller (påhittat bolag).",
    ),
    "kopparlund": Org(
        "Kopparlunds Kabel AB",
        T.FORETAG,
        REGIONAL,
        "24",
        "2482",
        "kopparlund.example.se",
        "Underleverantör av kablage och komponenter (påhittat bolag).",
    ),
    "kluster": Org(
        "Batterikluster Norr",
        T.KLUSTERORGANISATION,
        REGIONAL,
        "24",
        "2482",
        "batteriklusternorr.example.se",
        "Samlar leverantörer, lärosäten och kommuner kring batterivärdekedjan.",
    ),
    "science_park": Org(
        "Norrlandia Science Park", T.SCIENCE_PARK, REGIONAL, "24", "2480", "norrlandia.example.se"
    ),
    "nya_skelleftebor": Org(
        "Föreningen Nya Skelleftebor",
        T.CIVILSAMHALLE,
        LOKAL,
        "24",
        "2482",
        "nyaskelleftebor.example.se",
        "Välkomnar inflyttade och deras familjer: språkcafé, mentorer och föreningsliv.",
    ),
    # Gävleborg
    "gavle": Org("Gävle kommun", T.KOMMUN, LOKAL, "21", "2180", "gavle.example.se"),
    "sandviken": Org("Sandvikens kommun", T.KOMMUN, LOKAL, "21", "2181", "sandviken.example.se"),
    "region_gb": Org(
        "Region Gävleborg",
        T.REGION,
        REGIONAL,
        "21",
        None,
        "regiongavleborg.example.se",
        "Kompetensplattformen tar fram Semaforen, länets rangordning av bristyrken.",
    ),
    "lst_gb": Org(
        "Länsstyrelsen Gävleborg", T.LANSSTYRELSEN, REGIONAL, "21", None, "lansstyrelsen-gavleborg.example.se"
    ),
    "hig": Org("Högskolan i Gävle", T.LAROSATE, REGIONAL, "21", "2180", "hig.example.se"),
    "komvux_gavle": Org("Komvux Gävle", T.KOMVUX, LOKAL, "21", "2180", "gavle.example.se"),
    "gy_gavle": Org("Strömsbrogymnasiet", T.GYMNASIESKOLA, LOKAL, "21", "2180", "gavle.example.se"),
    "tc_gb": Org(
        "Teknikcollege Gävleborg", T.TEKNIKCOLLEGE, REGIONAL, "21", None, "teknikcollege-x.example.se"
    ),
    "tallskog": Org(
        "Tallskog Datahallar AB",
        T.FORETAG,
        INTERNATIONELL,
        "21",
        "2180",
        "tallskog.example.se",
        "IT-infrastruktur (påhittat bolag).",
    ),
    "gavle_valkommen": Org(
        "Välkommen till Gävle, ideell förening",
        T.CIVILSAMHALLE,
        LOKAL,
        "21",
        "2180",
        "valkommentillgavle.example.se",
    ),
    # Västernorrland
    "sundsvall": Org("Sundsvalls kommun", T.KOMMUN, LOKAL, "22", "2281", "sundsvall.example.se"),
    "harnosand": Org("Härnösands kommun", T.KOMMUN, LOKAL, "22", "2280", "harnosand.example.se"),
    "region_vn": Org(
        "Region Västernorrland", T.REGION, REGIONAL, "22", None, "regionvasternorrland.example.se"
    ),
    "lst_vn": Org(
        "Länsstyrelsen Västernorrland",
        T.LANSSTYRELSEN,
        REGIONAL,
        "22",
        None,
        "lansstyrelsen-vasternorrland.example.se",
    ),
    "miun": Org("Mittuniversitetet", T.LAROSATE, REGIONAL, "22", "2281", "miun.example.se"),
    "yh_medelpad": Org(
        "Medelpads yrkesakademi", T.YH_ANORDNARE, REGIONAL, "22", "2281", "yhmedelpad.example.se"
    ),
    "bottenhavet": Org(
        "Bottenhavets Vätgas AB",
        T.FORETAG,
        INTERNATIONELL,
        "22",
        "2281",
        "bottenhavet.example.se",
        "Vill bygga elektrolysanläggning för vätgas (påhittat bolag).",
    ),
    # National and international
    "af": Org(
        "Arbetsförmedlingen",
        T.ARBETSFORMEDLINGEN,
        NATIONELL,
        domain="arbetsformedlingen.example.se",
        notes="Matchning, rekryteringsträffar, arbetsmarknadsutbildning och EURES.",
    ),
    "myh": Org(
        "Myndigheten för yrkeshögskolan",
        T.MYH,
        NATIONELL,
        domain="myh.example.se",
        notes="Beslutar om yrkeshögskoleutbildningar, korta kurser och särskilt anpassade utbildningar.",
    ),
    "skolverket": Org(
        "Skolverket",
        T.SKOLVERKET,
        NATIONELL,
        domain="skolverket.example.se",
        notes="Statsbidrag för regionalt yrkesvux och lärlingsvux.",
    ),
    "tillvaxtverket": Org(
        "Tillväxtverket",
        T.TILLVAXTVERKET,
        NATIONELL,
        domain="tillvaxtverket.example.se",
        notes="Följer de regionala kompetensplattformarna.",
    ),
    "business_sweden": Org(
        "Business Sweden",
        T.BUSINESS_SWEDEN,
        INTERNATIONELL,
        domain="business-sweden.example.se",
        notes="Team Sweden; förmedlar utländska investerares förfrågningar till regionerna.",
    ),
    "svk": Org(
        "Svenska kraftnät",
        T.ANNAN_MYNDIGHET,
        NATIONELL,
        domain="svk.example.se",
        notes="Stamnätet: anslutning av stora effektuttag.",
    ),
    "teknikforetagen": Org(
        "Teknikföretagen", T.BRANSCHORGANISATION, NATIONELL, domain="teknikforetagen.example.se"
    ),
    "if_metall": Org("IF Metall", T.FACKFORBUND, NATIONELL, domain="ifmetall.example.se"),
}

# key: (name, title, organisation)
PEOPLE: dict[str, tuple[str, str, str]] = {
    "karin": ("Karin Sjöberg", "Systemförvaltare", "region_vb"),
    "maria": ("Maria Lundberg", "Regional samordnare för stora etableringar", "region_vb"),
    "erik": ("Erik Holmström", "Utvecklingsstrateg, kompetensförsörjning", "region_vb"),
    "johan": ("Johan Nyström", "Näringslivsutvecklare", "skelleftea"),
    "sara": ("Sara Berglund", "Mark- och exploateringsingenjör", "skelleftea"),
    "anders": ("Anders Öberg", "Projektledare etablering", "skelleftea"),
    "elin": ("Elin Forsberg", "Näringslivschef", "umea"),
    "per": ("Per Wikström", "Handläggare, miljöprövning", "lst_vb"),
    "linnea": ("Linnea Strand", "Samhällsplanerare", "lst_vb"),
    "sofia": ("Sofia Hedlund", "Samverkansstrateg", "umu"),
    "robert": ("Robert Marklund", "Utbildningsledare", "yh_norrsken"),
    "ingrid": ("Ingrid Nilsson", "Rektor", "komvux_ske"),
    "mattias": ("Mattias Holm", "Rektor", "gy_ske"),
    "therese": ("Therese Lindmark", "Processledare", "tc_vb"),
    "camilla": ("Camilla Öhman", "Processledare", "voc_vb"),
    "peter": ("Peter Lidström", "Regionchef", "svn_vb"),
    "jonas": ("Jonas Bergkvist", "HR-direktör", "nordanvind"),
    "annika": ("Annika Strömberg", "Etableringschef", "nordanvind"),
    "stefan": ("Stefan Lund", "Verkställande direktör", "kopparlund"),
    "helena": ("Helena Sundqvist", "Klusterledare", "kluster"),
    "david": ("David Renberg", "Verkställande direktör", "science_park"),
    "amira": ("Amira Hassan", "Ordförande", "nya_skelleftebor"),
    "lars": ("Lars Engström", "Regional samordnare för stora etableringar", "region_gb"),
    "malin": ("Malin Westin", "Analytiker, kompetensplattformen", "region_gb"),
    "sofie": ("Sofie Hallberg", "Näringslivsutvecklare", "gavle"),
    "viktor": ("Viktor Palm", "Exploateringschef", "gavle"),
    "tobias": ("Tobias Björk", "Näringslivschef", "sandviken"),
    "eva": ("Eva Norling", "Enhetschef, samhällsbyggnad", "lst_gb"),
    "andreas": ("Andreas Kjellberg", "Samverkansledare", "hig"),
    "jenny": ("Jenny Mattsson", "Rektor", "komvux_gavle"),
    "mikael": ("Mikael Rosén", "Nordisk etableringsansvarig", "tallskog"),
    "hanna": ("Hanna Öhrn", "Regional samordnare, kompetensförsörjning och etableringar", "region_vn"),
    "mats": ("Mats Edlund", "Näringslivsdirektör", "sundsvall"),
    "ida": ("Ida Grahn", "Näringslivsutvecklare", "harnosand"),
    "kristina": ("Kristina Ådahl", "Enhetschef, samhällsplanering", "lst_vn"),
    "gustav": ("Gustav Söderberg", "Samverkansstrateg", "miun"),
    "linda": ("Linda Ferm", "Projektchef", "bottenhavet"),
    "fatima": ("Fatima Karimi", "Arbetsgivarsamordnare, stora etableringar", "af"),
    "henrik": ("Henrik Dahl", "Sektionschef", "af"),
    "magnus": ("Magnus Ek", "Utredare", "myh"),
    "lena": ("Lena Norberg", "Undervisningsråd, vuxenutbildning", "skolverket"),
    "oskar": ("Oskar Lindgren", "Handläggare, regional tillväxt", "tillvaxtverket"),
    "emma": ("Emma Sandström", "Investeringsrådgivare", "business_sweden"),
    "nils": ("Nils Åström", "Kundansvarig, anslutningar", "svk"),
    "ulrika": ("Ulrika Ahlström", "Regionansvarig Norr", "teknikforetagen"),
    "kenneth": ("Kenneth Granström", "Ombudsman", "if_metall"),
}


@dataclass(frozen=True)
class RoleSpec:
    person: str
    title: str
    mandate: str
    may_share: str
    deputy: str | None  # None: nobody can step in (personberoende)
    valid_from: date
    valid_to: date | None = None


SAME_AS_PRIMARY = "Samma som ordinarie kontaktperson."

ROLES: list[RoleSpec] = [
    RoleSpec(
        "maria",
        "Regional samordnare, stora etableringar",
        "Leder regionens samordning av etableringsärenden. Kallar till samverkan, larmar de utpekade "
        "aktörerna och beslutar om regionala utvecklingsmedel upp till 500 000 kr per ärende.",
        "Lägesbild, tidplan och kompetensbehov med aktörerna i ärendet. Uppgifter under sekretessavtal "
        "endast med etablerarens medgivande.",
        "erik",
        date(2021, 9, 1),
    ),
    RoleSpec(
        "erik",
        "Ersättare, regional samordning",
        "Träder in för den regionala samordnaren vid frånvaro, med samma mandat. Leder "
        "kompetensplattformens analyser och prognoser.",
        SAME_AS_PRIMARY,
        "maria",
        date(2022, 1, 1),
    ),
    RoleSpec(
        "karin",
        "Systemförvaltare Samhandla",
        "Lägger upp användare, organisationer och larmlistor. Fattar inga beslut i ärenden.",
        "Inga ärendeuppgifter; behörighetsuppgifter endast till berörd chef.",
        None,
        date(2023, 1, 1),
    ),
    RoleSpec(
        "johan",
        "Etableringsansvarig, näringslivsenheten",
        "Första kontakt för företag som vill etablera sig. Kan boka möten om mark, plan och VA samma "
        "vecka och trycka på larmknappen.",
        "Allmän information om mark, planläge och kommunal service. Inte bolagsnamn eller "
        "investeringsbelopp före offentliggörande.",
        "sara",
        date(2022, 3, 1),
    ),
    RoleSpec(
        "sara",
        "Kontaktperson mark och exploatering",
        "Kan lämna besked om tillgänglig industrimark och teckna markoption upp till tolv månader "
        "enligt delegation.",
        "Markkartor, detaljplaneläge och tidplaner för exploatering.",
        None,
        date(2020, 8, 15),
    ),
    RoleSpec(
        "anders",
        "Projektledare, battericellsetableringen",
        "Ledde kommunens interna etableringsprojekt under uppstarten.",
        "Projektets lägesrapporter till kommunledningen.",
        "johan",
        date(2021, 1, 15),
        date(2024, 6, 30),
    ),
    RoleSpec(
        "elin",
        "Kontaktperson etableringar",
        "Beslutar om kommunens medverkan i regionala etableringsinsatser.",
        "Kommunens kapacitet för bostäder, skola och omsorg.",
        None,
        date(2019, 5, 1),
    ),
    RoleSpec(
        "per",
        "Kontaktperson tillstånd och miljöprövning",
        "Vägleder om tillståndsprocessen och samråd; kan prioritera handläggning inom enheten.",
        "Vägledning om prövningsprocessen; inga besked i sak före beslut.",
        "linnea",
        date(2020, 2, 1),
    ),
    RoleSpec(
        "linnea",
        "Ersättare, tillståndsfrågor",
        "Vägleder i plan- och tillståndsfrågor när ordinarie kontaktperson är borta.",
        SAME_AS_PRIMARY,
        "per",
        date(2022, 9, 1),
    ),
    RoleSpec(
        "sofia",
        "Kontaktperson kompetensförsörjning",
        "Kan samordna uppdragsutbildning och nya kurser inom batteriteknik.",
        "Utbildningsutbud och planerade kurser.",
        None,
        date(2021, 4, 1),
    ),
    RoleSpec(
        "robert",
        "Utbildningsledare, batteriproduktion",
        "Ansvarar för YH-ansökningar och samarbetet med arbetsgivare i ledningsgrupperna.",
        "Antagningsstatistik och planerade ansökningar till MYH.",
        None,
        date(2022, 1, 10),
    ),
    RoleSpec(
        "ingrid",
        "Rektor, Komvux",
        "Beslutar om utbildningsplatser inom regionalt yrkesvux och lärlingsvux.",
        "Antal platser, kursstarter och väntetider.",
        None,
        date(2018, 8, 1),
    ),
    RoleSpec(
        "mattias",
        "Rektor, gymnasieskola",
        "Beslutar om programutbud och samarbeten med arbetslivet.",
        "Elevantal och programutbud.",
        None,
        date(2019, 8, 1),
    ),
    RoleSpec(
        "therese",
        "Processledare, Teknikcollege",
        "Samordnar certifierade utbildningsanordnare och företag i Teknikcollege.",
        "Utbildningsutbud och företagens kompetensbehov på aggregerad nivå.",
        None,
        date(2021, 2, 1),
    ),
    RoleSpec(
        "camilla",
        "Processledare, Vård- och omsorgscollege",
        "Samordnar utbildningar inom vård och omsorg i länet.",
        "Prognoser över behov av undersköterskor.",
        None,
        date(2020, 1, 1),
    ),
    RoleSpec(
        "peter",
        "Regionchef",
        "Företräder medlemsföretagen i regionala samverkansforum.",
        "Medlemsföretagens samlade synpunkter; inga enskilda företags uppgifter.",
        None,
        date(2017, 3, 1),
    ),
    RoleSpec(
        "jonas",
        "HR-direktör, etableraren",
        "Beslutar om bolagets rekryteringsplan och utbildningssamarbeten.",
        "Rekryteringsbehov per yrke och halvår.",
        "annika",
        date(2021, 6, 1),
    ),
    RoleSpec(
        "annika",
        "Etableringschef, etableraren",
        "Bolagets kontakt mot kommun och region i etableringsfrågor.",
        "Tidplan för bygget; inte investeringsbelopp.",
        "jonas",
        date(2021, 6, 1),
    ),
    RoleSpec(
        "stefan",
        "Verkställande direktör",
        "Beslutar om bolagets etablering och anställningar.",
        "Bolagets behov av mark och personal.",
        None,
        date(2015, 1, 1),
    ),
    RoleSpec(
        "helena",
        "Klusterledare",
        "Samordnar klustrets projekt och leverantörsdagar.",
        "Medlemsföretagens kompetensbehov på aggregerad nivå.",
        None,
        date(2022, 5, 1),
    ),
    RoleSpec(
        "david",
        "Verkställande direktör, science park",
        "Beslutar om inkubatorplatser och innovationsstöd.",
        "Startupbolagens behov på aggregerad nivå.",
        None,
        date(2020, 10, 1),
    ),
    RoleSpec(
        "amira",
        "Ordförande",
        "Företräder föreningen i kommunens inflyttarråd.",
        "Föreningens erfarenheter av mottagandet av nyinflyttade.",
        None,
        date(2022, 11, 1),
    ),
    RoleSpec(
        "lars",
        "Regional samordnare, stora etableringar",
        "Leder regionens samordning av etableringsärenden i Gävleborg och kallar till larm.",
        "Lägesbild och tidplan med aktörerna i ärendet; inga uppgifter under sekretessavtal.",
        "malin",
        date(2021, 3, 1),
    ),
    RoleSpec(
        "malin",
        "Ersättare, regional samordning",
        "Träder in för den regionala samordnaren vid frånvaro; ansvarar för Semaforen.",
        SAME_AS_PRIMARY,
        "lars",
        date(2022, 6, 1),
    ),
    RoleSpec(
        "sofie",
        "Etableringsansvarig, näringslivsenheten",
        "Första kontakt för företag; kan boka mark- och planmöten och trycka på larmknappen.",
        "Allmän information om mark och planläge.",
        "viktor",
        date(2021, 9, 1),
    ),
    RoleSpec(
        "viktor",
        "Kontaktperson mark och exploatering",
        "Kan lämna besked om industrimark och teckna markoption enligt delegation.",
        "Markkartor och detaljplaneläge.",
        None,
        date(2016, 4, 1),
    ),
    RoleSpec(
        "tobias",
        "Kontaktperson etableringar",
        "Beslutar om kommunens medverkan i etableringsarbetet.",
        "Kommunens kapacitet och markläge.",
        None,
        date(2019, 1, 1),
    ),
    RoleSpec(
        "eva",
        "Kontaktperson tillstånd",
        "Vägleder om tillståndsprocessen.",
        "Vägledning om prövningsprocessen.",
        None,
        date(2020, 1, 1),
    ),
    RoleSpec(
        "andreas",
        "Kontaktperson kompetensförsörjning",
        "Samordnar uppdragsutbildning inom IT-drift och elkraft.",
        "Utbildningsutbud.",
        None,
        date(2021, 8, 1),
    ),
    RoleSpec(
        "jenny",
        "Rektor, Komvux",
        "Beslutar om platser inom regionalt yrkesvux.",
        "Antal platser och kursstarter.",
        None,
        date(2020, 8, 1),
    ),
    RoleSpec(
        "mikael",
        "Nordisk etableringsansvarig, etableraren",
        "Bolagets kontakt mot kommunerna under förhandlingen.",
        "Inget utanför sekretessavtalet.",
        None,
        date(2023, 2, 1),
    ),
    RoleSpec(
        "hanna",
        "Regional samordnare, kompetensförsörjning och etableringar",
        "Leder länets kompetensplattform och samordnar etableringsärenden.",
        "Lägesbild och prognoser med aktörerna i ärendet.",
        None,
        date(2022, 2, 1),
    ),
    RoleSpec(
        "mats",
        "Kontaktperson etableringar",
        "Beslutar om kommunens medverkan i etableringsarbetet.",
        "Kommunens markläge och kapacitet.",
        "ida",
        date(2018, 9, 1),
    ),
    RoleSpec(
        "ida",
        "Kontaktperson etableringar",
        "Första kontakt för företag i Härnösand.",
        "Allmän information om mark och hamnkapacitet.",
        None,
        date(2021, 1, 1),
    ),
    RoleSpec(
        "kristina",
        "Kontaktperson tillstånd",
        "Vägleder om tillståndsprocessen.",
        "Vägledning om prövningsprocessen.",
        None,
        date(2019, 4, 1),
    ),
    RoleSpec(
        "gustav",
        "Kontaktperson kompetensförsörjning",
        "Samordnar uppdragsutbildning vid lärosätet.",
        "Utbildningsutbud.",
        None,
        date(2021, 1, 1),
    ),
    RoleSpec(
        "linda",
        "Projektchef, etableraren",
        "Bolagets kontakt mot kommun och region.",
        "Tidplan och effektbehov.",
        None,
        date(2024, 1, 1),
    ),
    RoleSpec(
        "fatima",
        "Kontaktperson stora etableringar",
        "Kan prioritera matchningsinsatser, rekryteringsträffar och arbetsmarknadsutbildningar i "
        "norra Sverige.",
        "Arbetsmarknadsstatistik, kandidatunderlag på aggregerad nivå och planerade insatser.",
        "henrik",
        date(2021, 10, 1),
    ),
    RoleSpec(
        "henrik",
        "Ersättare, stora etableringar",
        "Beslutar om arbetsmarknadsutbildningar och EURES-insatser inom sektionens budget.",
        SAME_AS_PRIMARY,
        "fatima",
        date(2021, 10, 1),
    ),
    RoleSpec(
        "magnus",
        "Kontaktperson regionala behov",
        "Vägleder om ansökan om YH-utbildningar och korta kurser; beslutar inte om enskilda ansökningar.",
        "Statistik över beviljade utbildningar och ansökningsomgångar.",
        None,
        date(2020, 3, 1),
    ),
    RoleSpec(
        "lena",
        "Kontaktperson regionalt yrkesvux",
        "Vägleder om statsbidrag för regionalt yrkesvux och lärlingsvux.",
        "Bidragsramar per län.",
        None,
        date(2019, 1, 1),
    ),
    RoleSpec(
        "oskar",
        "Handläggare, regionala företagsstöd",
        "Vägleder om regionala stöd och EU-medel.",
        "Utlysningar och beviljade stöd.",
        None,
        date(2020, 6, 1),
    ),
    RoleSpec(
        "emma",
        "Kontaktperson investeringsfrämjande",
        "Förmedlar förfrågningar från utländska investerare och samordnar Team Sweden-kontakter.",
        "Investerarens behov i anonymiserad form; bolagsnamn först efter medgivande.",
        None,
        date(2022, 4, 1),
    ),
    RoleSpec(
        "nils",
        "Kundansvarig, stora anslutningar",
        "Ger besked om kapacitet i stamnätet och tidplan för anslutning.",
        "Kapacitetsläge per region; inga uppgifter om andra kunders ansökningar.",
        None,
        date(2021, 11, 1),
    ),
    RoleSpec(
        "ulrika",
        "Regionansvarig",
        "Företräder medlemsföretagen i kompetensråden.",
        "Medlemsföretagens samlade kompetensbehov.",
        None,
        date(2018, 1, 1),
    ),
    RoleSpec(
        "kenneth",
        "Ombudsman",
        "Företräder förbundet i samtal om arbetsvillkor och utbildning.",
        "Förbundets ståndpunkter; inga medlemsuppgifter.",
        None,
        date(2016, 5, 1),
    ),
]

# username: (role, person, region code, municipality code)
USERS: dict[str, tuple[str, str, str | None, str | None]] = {
    "admin": (RoleName.ADMIN, "karin", None, None),
    "samordnare": (RoleName.COORDINATOR, "maria", "24", None),
    "samordnare.gavleborg": (RoleName.COORDINATOR, "lars", "21", None),
    "samordnare.vn": (RoleName.COORDINATOR, "hanna", "22", None),
    "tjansteman": (RoleName.OFFICIAL, "johan", None, "2482"),
    "tjansteman.gavle": (RoleName.OFFICIAL, "sofie", None, "2180"),
    "kontakt": (RoleName.CONTACT, "fatima", None, None),
    "lasare": (RoleName.READER, "linnea", "24", None),
}


@dataclass(frozen=True)
class SignalSpec:
    logged_by: str  # username
    municipality: str  # SCB code
    days_ago: int
    channel: str
    summary: str
    sector: str
    source: str | None = None  # organisation key
    source_text: str = ""
    received_by: str = ""
    jobs: int | None = None
    investment_msek: str | None = None
    land_hectares: str | None = None
    power_mw: str | None = None
    confidentiality: str = Confidentiality.OPEN
    # What becomes of it: "ny", "under_bedomning", "avskriven: <reason>", "case:<key>" (it opens
    # the case made by DemoSeeder.case_<key>) or "link:<key>" (linked to that case). The region's
    # coordinator triages it.
    outcome: str = "ny"


CH = Signal.Channel

SIGNALS: list[SignalSpec] = [
    # Västerbotten
    SignalSpec(
        "tjansteman",
        "2482",
        900,
        CH.MEETING,
        "Nordanvind Batteri AB söker cirka 100 hektar industrimark med möjlighet till 300 MW för en "
        "fabrik för battericeller. Bolaget vill ha besked om mark och elanslutning inom sex månader "
        "och räknar med 3 000 anställda fullt utbyggt.",
        "Batteritillverkning",
        source="nordanvind",
        received_by="Johan Nyström",
        jobs=3000,
        investment_msek="25000",
        land_hectares="100",
        power_mw="300",
        outcome="case:batteri",
    ),
    SignalSpec(
        "samordnare",
        "2482",
        420,
        CH.EMAIL,
        "Underleverantör till battericellfabriken vill etablera kabel- och komponenttillverkning nära "
        "fabriken. Behöver 5 hektar mark och ett fyrtiotal svetsare och elektriker.",
        "Underleverantör, verkstad",
        source="kopparlund",
        received_by="Maria Lundberg",
        jobs=120,
        investment_msek="180",
        land_hectares="5",
        power_mw="8",
        outcome="link:batteri",
    ),
    SignalSpec(
        "samordnare",
        "2480",
        3,
        CH.BUSINESS_SWEDEN,
        "Business Sweden förmedlar en förfrågan från ett tyskt bolag inom återvinning av "
        "battericeller. "
        "Bolaget söker en hall om 20 000 m² i Umeåområdet med byggstart nästa år.",
        "Batteriåtervinning",
        source="business_sweden",
        received_by="Maria Lundberg",
        jobs=250,
        investment_msek="900",
        land_hectares="12",
        power_mw="25",
    ),
    SignalSpec(
        "tjansteman",
        "2482",
        12,
        CH.PHONE,
        "Ett fastighetsbolag frågar om detaljplan för omkring 600 bostäder för inflyttande personal. "
        "Bolaget vill inte uppge sin uppdragsgivare ännu.",
        "Bostäder",
        source_text="Fastighetsbolag (ringde växeln, namn ej angivet)",
        received_by="Växeln",
        investment_msek="1200",
        land_hectares="8",
        outcome="under_bedomning",
    ),
    SignalSpec(
        "samordnare",
        "2417",
        130,
        CH.MEDIA,
        "Lokaltidningen uppger att ett utländskt bolag vill bygga en fabrik för anodmaterial i Norsjö.",
        "Batterimaterial",
        source_text="Artikel i lokaltidningen",
        received_by="Maria Lundberg",
        jobs=400,
        outcome="avskriven: Uppgiften gick inte att bekräfta. Business Sweden har inga "
        "kontakter med bolaget och kommunen har inte fått någon förfrågan.",
    ),
    # Gävleborg
    SignalSpec(
        "tjansteman.gavle",
        "2180",
        210,
        CH.MEETING,
        "Bolaget planerar ett datacenter med 150 MW effektbehov och jämför tomter i Gävle och "
        "Sandviken. "
        "Sekretessavtal är tecknat; bolagsnamnet får inte spridas.",
        "Datacenter",
        source="tallskog",
        received_by="Sofie Hallberg",
        jobs=250,
        investment_msek="8000",
        land_hectares="40",
        power_mw="150",
        confidentiality=Confidentiality.CONFIDENTIAL,
        outcome="case:nordljus",
    ),
    SignalSpec(
        "tjansteman.gavle",
        "2180",
        1,
        CH.PHONE,
        "Ett logistikföretag söker 15 hektar nära hamnen för ett nordiskt distributionslager med "
        "omkring 300 anställda.",
        "Logistik",
        source_text="Logistikföretag (namn ej angivet)",
        received_by="Sofie Hallberg",
        jobs=300,
        investment_msek="600",
        land_hectares="15",
        power_mw="4",
    ),
    SignalSpec(
        "samordnare.gavleborg",
        "2181",
        20,
        CH.AGENCY,
        "Tillväxtverket meddelar att en tillverkare av stålkomponenter har sökt stöd för en ny "
        "produktionslinje i Sandviken.",
        "Stål och verkstad",
        source="tillvaxtverket",
        received_by="Lars Engström",
        jobs=180,
        investment_msek="450",
        power_mw="20",
        outcome="under_bedomning",
    ),
    SignalSpec(
        "samordnare.gavleborg",
        "2184",
        300,
        CH.EMAIL,
        "En projektör frågar efter 60 hektar mark för en solcellspark utanför Hudiksvall.",
        "Energi",
        source_text="Solprojektör (e-post)",
        received_by="Lars Engström",
        jobs=5,
        investment_msek="350",
        land_hectares="60",
        outcome="avskriven: Ger bara ett fåtal arbetstillfällen och kräver ingen samverkan mellan "
        "aktörerna; hänvisad till kommunens ordinarie företagslots.",
    ),
    # Västernorrland
    SignalSpec(
        "samordnare.vn",
        "2281",
        60,
        CH.BUSINESS_SWEDEN,
        "Bottenhavets Vätgas AB vill etablera en elektrolysanläggning för vätgas på 500 MW vid "
        "kusten och söker mark med hamnläge och anslutning till stamnätet.",
        "Vätgas",
        source="bottenhavet",
        received_by="Hanna Öhrn",
        jobs=400,
        investment_msek="12000",
        land_hectares="50",
        power_mw="500",
        outcome="case:vatgas",
    ),
    SignalSpec(
        "samordnare.vn",
        "2280",
        2,
        CH.PHONE,
        "Ett batterimaterialbolag frågar om ledig industrimark och hamnkapacitet i Härnösand.",
        "Batterimaterial",
        source_text="Batterimaterialbolag (namn ej angivet)",
        received_by="Hanna Öhrn",
        jobs=150,
        land_hectares="20",
    ),
    SignalSpec(
        "samordnare.vn",
        "2284",
        35,
        CH.MEETING,
        "Vid ett möte med näringslivet i Örnsköldsvik nämnde ett skogsindustriföretag planer på ett "
        "bioraffinaderi intill det befintliga bruket.",
        "Skogsindustri, bioraffinaderi",
        source_text="Skogsindustriföretag",
        received_by="Hanna Öhrn",
        jobs=200,
        investment_msek="3000",
        outcome="under_bedomning",
    ),
    SignalSpec(
        "samordnare.vn",
        "2281",
        400,
        CH.OTHER,
        "En mäklare ringde runt om mark för ett datacenter utan att kunna nämna någon kund.",
        "Datacenter",
        source_text="Fastighetsmäklare",
        received_by="Hanna Öhrn",
        outcome="avskriven: Mäklaren hade inget uppdrag; samma förfrågan gick till ett tiotal kommuner.",
    ),
]

DEMO_USERNAMES = list(USERS)
REGION_CODES = ["24", "21", "22"]
COORDINATORS = {"24": "samordnare", "21": "samordnare.gavleborg", "22": "samordnare.vn"}
# Who leads and deputises a scale case, per region.
SCALE_TEAM = {
    "24": ("samordnare", "tjansteman"),
    "21": ("samordnare.gavleborg", "tjansteman.gavle"),
    "22": ("samordnare.vn", "admin"),
}
SCALE_SECOND_ORG = [
    (T.YH_ANORDNARE, REGIONAL, "Yrkesakademin {n}"),
    (T.BRANSCHORGANISATION, NATIONELL, "Branschföreningen {n}"),
    (T.KLUSTERORGANISATION, REGIONAL, "Klustret {n}"),
    (T.CIVILSAMHALLE, LOKAL, "Föreningen Nya grannar {n}"),
    (T.FORETAG, REGIONAL, "Underleverantören {n} AB"),
    (T.SCIENCE_PARK, REGIONAL, "Innovationsparken {n}"),
]
SCALE_SECTORS = [
    "Batteritillverkning",
    "Datacenter",
    "Vätgas",
    "Stål och verkstad",
    "Logistik",
    "Skogsindustri",
]
DUPLICATE = "Dubblett av en tidigare signal."
SCALE_LAST_STATE = [Signal.State.NEW, Signal.State.ASSESSING, Signal.State.DISMISSED]
FIRST_NAMES = ["Anna", "Lars", "Eva", "Karl", "Sara", "Johan", "Maja", "Erik", "Lina", "Olof", "Ebba", "Nils"]
LAST_NAMES = ["Lindberg", "Nordin", "Holmgren", "Sundberg", "Eklund", "Forslund", "Bergström", "Åkesson"]


def fictional_phone(i: int) -> str:
    """The i-th number in PTS's ranges reserved for fiction (mobile first), wrapping round."""
    ranges = [("070-17406", 5, 99), ("08-465004", 0, 99), ("031-39006", 0, 99), ("040-62804", 0, 99)]
    sizes = [hi - lo + 1 for _, lo, hi in ranges]
    i %= sum(sizes)
    for (prefix, lo, _hi), size in zip(ranges, sizes, strict=True):
        if i < size:
            return f"{prefix}{lo + i:02d}"
        i -= size
    raise AssertionError("unreachable")


def make_orgnr(stem: str) -> str:
    """A valid organisation number from nine digits: the tenth is the Luhn check digit."""
    return se_orgnr.format(stem + luhn.calc_check_digit(stem))


def ascii_slug(text: str) -> str:
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", " ": ".", "-": "."})
    return text.lower().translate(table)


def email_for(name: str, domain: str) -> str:
    return f"{ascii_slug(name)}@{domain}" if domain else ""


class Command(BaseCommand):
    help = (
        "Fyller databasen med demodata: tre regioner, organisationer, personer med roller och mandat, "
        "användare, signaler och etableringsärenden. Kan köras flera gånger."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            metavar="N",
            help="Lägg dessutom till N ärenden med signaler, organisationer och personer "
            "(för prestandatester).",
        )

    def handle(self, *args, scale: int = 0, **options):
        if scale < 0:
            raise CommandError("--scale måste vara 0 eller större.")
        existing = set(User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True))
        if existing and existing != set(DEMO_USERNAMES):
            raise CommandError(
                f"Databasen har redan användarna {', '.join(sorted(existing))} men inte resten av "
                "demodatan. Kör seed_demo mot en tom databas."
            )
        started = time.monotonic()
        with transaction.atomic():
            if existing:
                self.stdout.write("Demodatan finns redan; grunddatan hoppas över.")
            else:
                DemoSeeder().seed()
                self.stdout.write(self.style.SUCCESS("Demodatan är inlagd."))
            self.seed_checklist()
            if scale:
                first, last = ScaleSeeder().seed(scale)
                seconds = time.monotonic() - started
                self.stdout.write(
                    self.style.SUCCESS(
                        f"La till {scale} ärenden ({SCALE_PREFIX} {first:04d}–{last:04d}) på {seconds:.1f} s."
                    )
                )
        self.print_counts()
        self.print_logins()

    def seed_checklist(self):
        """The routine checklist's demo: two rounds for Västerbotten, the readiness plan born of
        them, a finished workshop drill and the lessons of a lost case. Each part adds itself once."""
        from demo import checklist_drills as demo_drills
        from demo import checklist_lessons as demo_lessons
        from demo import checklist_readiness as demo_readiness
        from demo import checklist_rounds as demo_rounds

        for part in (demo_rounds, demo_readiness, demo_drills, demo_lessons):
            part.seed(self.stdout)

    def print_counts(self):
        states = dict(Signal.objects.values_list("state").annotate(n=Count("pk")).order_by())
        self.stdout.write(
            f"Organisationer: {Organisation.objects.count()}, personer: {Person.objects.count()}, "
            f"roller: {Role.objects.count()}, användare: {User.objects.count()}, "
            f"ärenden: {EstablishmentCase.objects.count()}, signaler: {sum(states.values())} ("
            + ", ".join(f"{label.lower()}: {states.get(value, 0)}" for value, label in Signal.State.choices)
            + ")."
        )

    def print_logins(self):
        from demo.checklist_drills import EXTRA_USERS  # the drill's two participants without a role above

        usernames = DEMO_USERNAMES + list(EXTRA_USERS)
        users = {
            u.username: u
            for u in User.objects.filter(username__in=usernames)
            .select_related("region", "municipality", "organisation")
            .prefetch_related("groups")
        }
        self.stdout.write("")
        self.stdout.write(f"Demoinloggningar (lösenord för alla: {PASSWORD}):")
        for username in usernames:
            user = users.get(username)
            if user is None:
                continue
            places = [str(p) for p in (user.municipality or user.region, user.organisation) if p]
            role = policy.role_of(user) or "–"
            self.stdout.write(f"  {username:<22} {role:<21} {', '.join(places) or '–':<54} {PASSWORD}")


class DemoSeeder:
    """The hand-written demo: every object named above, created once through the services."""

    def __init__(self):
        self.regions = {r.code: r for r in Region.objects.filter(code__in=REGION_CODES)}
        municipalities = Municipality.objects.filter(region__code__in=REGION_CODES).select_related("region")
        self.municipalities = {m.code: m for m in municipalities}
        self.orgs: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}
        self.users: dict[str, User] = {}
        self.cases: dict[str, EstablishmentCase] = {}

    def seed(self) -> None:
        self.create_admin()
        self.create_organisations()
        self.create_users()
        self.create_people_and_roles()
        self.create_signals_and_cases()
        self.create_workspace()

    def create_workspace(self) -> None:
        """Fill the five moments and the journal of the battery-factory case."""
        from demo.actor_map import seed_actor_map_and_routes
        from demo.alarms import seed_alarms
        from demo.competence import seed_competence
        from demo.goals import seed_goals_and_journal
        from demo.plan import seed_action_plan

        context = {
            "case": self.cases["batteri"],
            "users": self.users,
            "orgs": self.orgs,
            "people": self.people,
        }
        seed_goals_and_journal(**context)
        seed_actor_map_and_routes(**context)
        seed_competence(**context)
        seed_action_plan(**context)
        seed_alarms(**context)

    # --- registry and users ---------------------------------------------------------------------

    def _person_email(self, key: str) -> str:
        name, _title, org = PEOPLE[key]
        return email_for(name, ORGANISATIONS[org].domain)

    def create_admin(self) -> None:
        # The administrator comes first: the registry services need someone allowed to edit it.
        _role, person_key, _region, _municipality = USERS["admin"]
        first, last = PEOPLE[person_key][0].split(" ", 1)
        self.users["admin"] = user_create(
            by=None,
            username="admin",
            email=self._person_email(person_key),
            first_name=first,
            last_name=last,
            role=RoleName.ADMIN,
            password=PASSWORD,
        )

    def create_organisations(self) -> None:
        admin = self.users["admin"]
        public_n = private_n = 0
        for key, spec in ORGANISATIONS.items():
            if spec.type in PUBLIC_TYPES:
                public_n += 1
                stem = f"212099{public_n:03d}"
            else:
                private_n += 1
                stem = f"559900{private_n:03d}"
            municipality = self.municipalities[spec.municipality] if spec.municipality else None
            region = self.regions[spec.region] if spec.region else None
            org = Organisation(
                name=spec.name,
                type=spec.type,
                level=spec.level,
                region=region,
                municipality=municipality,
                org_number=make_orgnr(stem),
                notes=spec.notes,
            )
            self.orgs[key] = organisation_save(user=admin, organisation=org, reason="Demodata")

    def create_users(self) -> None:
        admin = self.users["admin"]
        for username, (role, person_key, region_code, municipality_code) in USERS.items():
            name, _title, org_key = PEOPLE[person_key]
            first, last = name.split(" ", 1)
            placement = {
                "organisation": self.orgs[org_key],
                "region": self.regions[region_code] if region_code else None,
                "municipality": self.municipalities[municipality_code] if municipality_code else None,
            }
            if username == "admin":
                self.users[username] = user_update(
                    by=admin,
                    user=admin,
                    role=role,
                    email=admin.email,
                    first_name=first,
                    last_name=last,
                    **placement,
                )
            else:
                self.users[username] = user_create(
                    by=admin,
                    username=username,
                    email=self._person_email(person_key),
                    first_name=first,
                    last_name=last,
                    role=role,
                    password=PASSWORD,
                    **placement,
                )

    def create_people_and_roles(self) -> None:
        admin = self.users["admin"]
        user_of = {person_key: username for username, (_r, person_key, _g, _m) in USERS.items()}
        for i, (key, (name, title, org_key)) in enumerate(PEOPLE.items()):
            person = Person(
                name=name,
                title=title,
                organisation=self.orgs[org_key],
                email=self._person_email(key),
                phone=fictional_phone(i),
                user=self.users.get(user_of.get(key, "")),
            )
            self.people[key] = person_save(user=admin, person=person, reason="Demodata")
        for spec in ROLES:
            person = self.people[spec.person]
            role = Role(
                organisation=person.organisation,
                person=person,
                title=spec.title,
                mandate=spec.mandate,
                may_share=spec.may_share,
                deputy=self.people[spec.deputy] if spec.deputy else None,
                valid_from=spec.valid_from,
                valid_to=spec.valid_to,
            )
            role_save(user=admin, role=role, reason="Demodata")

    # --- signals and cases ----------------------------------------------------------------------

    def create_signals_and_cases(self) -> None:
        now = timezone.now()
        for spec in SIGNALS:
            municipality = self.municipalities[spec.municipality]
            signal = signal_log(
                logged_by=self.users[spec.logged_by],
                notify=False,
                received_at=now - timedelta(days=spec.days_ago, hours=spec.days_ago % 7 + 2),
                received_by=spec.received_by,
                channel=spec.channel,
                source_organisation=self.orgs[spec.source] if spec.source else None,
                source_text=spec.source_text,
                summary=spec.summary,
                sector=spec.sector,
                jobs=spec.jobs,
                investment_msek=Decimal(spec.investment_msek) if spec.investment_msek else None,
                land_hectares=Decimal(spec.land_hectares) if spec.land_hectares else None,
                power_mw=Decimal(spec.power_mw) if spec.power_mw else None,
                municipality=municipality,
                confidentiality=spec.confidentiality,
            )
            coordinator = self.users[COORDINATORS[municipality.region.code]]
            outcome, _, detail = spec.outcome.partition(":")
            if outcome == "under_bedomning":
                signal_start_assessment(signal=signal, user=coordinator)
            elif outcome == "avskriven":
                signal_start_assessment(signal=signal, user=coordinator)
                signal_dismiss(signal=signal, user=coordinator, reason=detail.strip())
            elif outcome == "case":
                getattr(self, f"case_{detail}")(signal)
            elif outcome == "link":
                signal_link_to_case(signal=signal, case=self.cases[detail], user=coordinator)

    def _phases(self, case, user, steps, opened_days_ago: int) -> EstablishmentCase:
        """Walk the case through its phases, then date each change as it happened in the story
        (the services date a change now; a demo needs a past)."""
        now = timezone.now()
        PhaseChange.objects.filter(case=case).update(changed_at=now - timedelta(days=opened_days_ago))
        started = now - timedelta(days=opened_days_ago)
        for phase, note, days_ago in steps:
            case = case_change_phase(case=case, user=user, phase=phase, note=note)
            started = now - timedelta(days=days_ago)
            PhaseChange.objects.filter(case=case, to_phase=phase).update(changed_at=started)
        EstablishmentCase.objects.filter(pk=case.pk).update(phase_started_at=started)
        case.refresh_from_db()
        return case

    def case_batteri(self, signal: Signal) -> None:
        samordnare = self.users["samordnare"]
        m = self.municipalities
        o = self.orgs
        signal_start_assessment(signal=signal, user=samordnare)
        case = case_create(
            user=samordnare,
            signal=signal,
            name="Nordanvind battericellfabrik, Skellefteå",
            company=o["nordanvind"],
            sector="Batteritillverkning",
            kind=CaseKind.NEW,
            lead_municipality=m["2482"],
            candidate_municipalities=[m["2482"], m["2480"], m["2417"]],
            phase=Phase.INVESTIGATION,
            confidentiality=Confidentiality.OPEN,
            target_jobs=3500,
            target_date=date(timezone.localdate().year + 3, 12, 31),
            coordinator=samordnare,
            deputy=self.users["tjansteman"],
            members=[
                o[k]
                for k in (
                    "skelleftea",
                    "umea",
                    "region_vb",
                    "lst_vb",
                    "af",
                    "umu",
                    "yh_norrsken",
                    "komvux_ske",
                    "gy_ske",
                    "tc_vb",
                    "voc_vb",
                    "myh",
                    "svk",
                    "if_metall",
                    "teknikforetagen",
                    "kluster",
                    "nya_skelleftebor",
                    "nordanvind",
                )
            ],
            description=(
                "Fabrik för battericeller med målet 3 500 anställda. Över 500 personer från ett femtiotal "
                "länder är anställda efter de första cellerna. Stora behov av processoperatörer, "
                "underhållstekniker, elektriker och ingenjörer, men också av bostäder, skolplatser och "
                "arbeten för medföljande."
            ),
        )
        self.cases["batteri"] = self._phases(
            case,
            samordnare,
            [
                (
                    Phase.NEGOTIATION,
                    "Markoption tecknad för 100 hektar; Svenska kraftnät har bekräftat kapacitet.",
                    700,
                ),
                (
                    Phase.DECISION,
                    "Bolaget har fattat investeringsbeslut; kommunen larmade de utpekade aktörerna.",
                    520,
                ),
                (
                    Phase.CONSTRUCTION,
                    "Byggstart. Rekryteringen av de första 500 har börjat; YH och Komvux "
                    "startar utbildningar i processteknik.",
                    300,
                ),
            ],
            opened_days_ago=880,
        )

    def case_nordljus(self, signal: Signal) -> None:
        # The official who logged the confidential signal is the only one who sees it, so she opens
        # the case; the service grants it to her, the coordinator and the deputy, and nobody else.
        official = self.users["tjansteman.gavle"]
        coordinator = self.users["samordnare.gavleborg"]
        m = self.municipalities
        o = self.orgs
        case = case_create(
            user=official,
            signal=signal,
            name="Tallskog Datahallar, datacenter i Gävle eller Sandviken",
            code_name="Projekt Nordljus",
            company=o["tallskog"],
            sector="Datacenter",
            kind=CaseKind.DUPLICATION,
            lead_municipality=m["2180"],
            candidate_municipalities=[m["2180"], m["2181"]],
            phase=Phase.INVESTIGATION,
            confidentiality=Confidentiality.CONFIDENTIAL,
            target_jobs=200,
            target_date=date(timezone.localdate().year + 2, 6, 30),
            coordinator=coordinator,
            deputy=official,
            members=[o[k] for k in ("gavle", "sandviken", "region_gb", "svk", "hig", "tallskog")],
            description=(
                "Datacenter som kopierar bolagets anläggning i ett annat land. Två tomter jämförs, i Gävle "
                "och i Sandviken. Sekretessavtal gäller; använd kodnamnet utanför kärngruppen."
            ),
        )
        self.cases["nordljus"] = self._phases(
            case,
            coordinator,
            [
                (Phase.NEGOTIATION, "Bolaget förhandlar om två tomter; beslut väntas inom ett halvår.", 40),
            ],
            opened_days_ago=75,
        )

    def case_vatgas(self, signal: Signal) -> None:
        coordinator = self.users["samordnare.vn"]
        m = self.municipalities
        o = self.orgs
        signal_start_assessment(signal=signal, user=coordinator)
        self.cases["vatgas"] = case_create(
            user=coordinator,
            signal=signal,
            name="Bottenhavets Vätgas, elektrolysanläggning",
            company=o["bottenhavet"],
            sector="Vätgas",
            kind=CaseKind.NEW,
            lead_municipality=m["2281"],
            candidate_municipalities=[m["2281"], m["2280"]],
            phase=Phase.INVESTIGATION,
            confidentiality=Confidentiality.RESTRICTED,
            target_jobs=400,
            coordinator=coordinator,
            # Västernorrland has no second coordinator in the demo: the system administrator stands
            # in, which is exactly the person dependence the checklist asks about.
            deputy=self.users["admin"],
            members=[
                o[k]
                for k in (
                    "sundsvall",
                    "harnosand",
                    "region_vn",
                    "lst_vn",
                    "miun",
                    "yh_medelpad",
                    "svk",
                    "af",
                    "bottenhavet",
                )
            ],
            description=(
                "Utredning av mark med hamnläge, effekt från stamnätet och behovet av processoperatörer."
            ),
        )


class ScaleSeeder:
    """Bulk demo data for performance work: N more open cases with signals, organisations and people.

    Unlike the hand-written demo this does not go through the services, which cost some forty
    queries per signal or case: it builds the rows in memory, checks their fields, and inserts them
    with their history rows in a few bulk statements (django-simple-history's
    ``bulk_create_with_history``; the history of the candidate municipalities is not recorded).
    None of it is confidential, so no permissions are granted.
    """

    REASON = "Demodata (skala)"

    def __init__(self):
        users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
        missing = {name for team in SCALE_TEAM.values() for name in team} - set(users)
        if missing:
            raise CommandError(
                f"Demoanvändarna saknas ({', '.join(sorted(missing))}); --scale bygger på grunddatan."
            )
        self.users = users
        self.admin = users["admin"]
        municipalities = Municipality.objects.filter(region__code__in=REGION_CODES).select_related("region")
        self.municipalities = {
            code: [m for m in municipalities if m.region.code == code] for code in REGION_CODES
        }
        self.used_orgnr = set(
            Organisation.objects.exclude(org_number="").values_list("org_number", flat=True)
        )
        self.next_stem = 10000

    def _orgnr(self) -> str:
        while True:
            number = make_orgnr(f"5599{self.next_stem:05d}")
            self.next_stem += 1
            if number not in self.used_orgnr:
                self.used_orgnr.add(number)
                return number

    def _bulk(self, model, objs: list, user=None) -> list:
        """Check the fields of ``objs`` and insert them with one history row each."""
        relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
        for obj in objs:
            # The related objects were just made here; checking each one's existence would be a
            # query per row.
            obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
            if user is not None:
                obj._history_user = user
        return bulk_create_with_history(objs, model, batch_size=500, default_change_reason=self.REASON)

    def seed(self, count: int) -> tuple[int, int]:
        first = EstablishmentCase.objects.filter(name__startswith=f"{SCALE_PREFIX} ").count() + 1
        numbers = range(first, first + count)
        if numbers[-1] > 99_999:
            raise CommandError("För många demoärenden.")
        now = timezone.now()
        place = {}
        for n in numbers:
            region_code = REGION_CODES[n % 3]
            municipalities = self.municipalities[region_code]
            municipality = municipalities[(n // 3) % len(municipalities)]
            coordinator, deputy = (self.users[u] for u in SCALE_TEAM[region_code])
            if deputy.municipality_id and deputy.municipality_id != municipality.pk:
                deputy = self.admin  # an official only reaches their own municipality
            place[n] = (municipality, coordinator, deputy)

        # Two organisations per case: the establishing company and one other actor.
        orgs = {}
        for n in numbers:
            municipality = place[n][0]
            kind, level, template = SCALE_SECOND_ORG[n % len(SCALE_SECOND_ORG)]
            orgs[n] = [
                Organisation(
                    name=name,
                    type=org_type,
                    level=org_level,
                    region=municipality.region,
                    municipality=municipality,
                    org_number=self._orgnr(),
                )
                for name, org_type, org_level in (
                    (f"Demobolaget {n:04d} AB", T.FORETAG, INTERNATIONELL),
                    (template.format(n=f"{n:04d}"), kind, level),
                )
            ]
        self._bulk(Organisation, [o for pair in orgs.values() for o in pair], self.admin)

        # Two people per organisation; the first holds a role, most with the second as deputy.
        people, roles = [], []
        for n in numbers:
            for i, org in enumerate(orgs[n]):
                pair = []
                for j in range(2):
                    name = (
                        f"{FIRST_NAMES[(n + 5 * i + 7 * j) % len(FIRST_NAMES)]} "
                        f"{LAST_NAMES[(3 * n + 2 * i + j) % len(LAST_NAMES)]}"
                    )
                    pair.append(
                        Person(
                            name=name,
                            title="Kontaktperson" if j == 0 else "Ersättare",
                            organisation=org,
                            email=email_for(name, f"demo{n:04d}.example.se"),
                            phone=fictional_phone(4 * n + 2 * i + j),
                        )
                    )
                people += pair
                roles.append(
                    Role(
                        organisation=org,
                        person=pair[0],
                        title="Kontaktperson etablering",
                        mandate="Företräder organisationen i etableringsärendet.",
                        may_share="Lägesbild och tidplan.",
                        deputy=pair[1] if n % 4 else None,
                        valid_from=date(2023, 1, 1),
                    )
                )
        self._bulk(Person, people, self.admin)
        self._bulk(Role, roles, self.admin)

        cases = {}
        for n in numbers:
            municipality, coordinator, deputy = place[n]
            cases[n] = EstablishmentCase(
                name=f"{SCALE_PREFIX} {n:04d}, {municipality.name}",
                company=orgs[n][0],
                sector=SCALE_SECTORS[n % len(SCALE_SECTORS)],
                kind=CaseKind.values[n % len(CaseKind.values)],
                lead_municipality=municipality,
                region=municipality.region,
                phase=Phase.values[n % len(Phase.values)],
                phase_started_at=now,
                target_jobs=100 + (n * 91) % 3000,
                coordinator=coordinator,
                deputy=deputy,
                created_by=coordinator,
                description="Genererat ärende för prestandatester.",
            )
            cases[n]._history_user = coordinator
        self._bulk(EstablishmentCase, list(cases.values()))
        Candidates = EstablishmentCase.candidate_municipalities.through
        Candidates.objects.bulk_create(
            [Candidates(establishmentcase=c, municipality=c.lead_municipality) for c in cases.values()]
        )
        self._bulk(CaseMember, [CaseMember(case=cases[n], organisation=o) for n in numbers for o in orgs[n]])
        PhaseChange.objects.bulk_create(
            [
                PhaseChange(
                    case=c, from_phase="", to_phase=c.phase, changed_by=c.coordinator, note="Ärendet öppnat"
                )
                for c in cases.values()
            ]
        )

        # Three signals per case: two linked to it, the third new, under assessment or dismissed.
        signals = []
        for n in numbers:
            case = cases[n]
            municipality, coordinator, _deputy = place[n]
            for k in range(3):
                state = [Signal.State.LINKED, Signal.State.LINKED, SCALE_LAST_STATE[n % 3]][k]
                signal = Signal(
                    received_at=now - timedelta(days=(7 * n + 11 * k) % 700, hours=k),
                    received_by=str(coordinator),
                    logged_by=coordinator,
                    channel=Signal.Channel.values[(n + k) % len(Signal.Channel.values)],
                    source_organisation=case.company if k == 0 else None,
                    source_text="" if k == 0 else f"Förfrågan {n:04d}-{k}",
                    summary=f"{case.company.name} undersöker en etablering inom {case.sector.lower()} "
                    f"i {municipality.name}.",
                    sector=case.sector,
                    jobs=50 + (37 * n + k) % 2000,
                    investment_msek=Decimal(100 + (53 * n) % 9000),
                    land_hectares=Decimal(5 + n % 80),
                    power_mw=Decimal(2 + (13 * n) % 250),
                    municipality=municipality,
                    state=state,
                    case=case if state == Signal.State.LINKED else None,
                    dismissal_reason=DUPLICATE if state == Signal.State.DISMISSED else "",
                )
                signals.append(signal)
                signal._history_user = coordinator
        self._bulk(Signal, signals)
        return numbers[0], numbers[-1]
