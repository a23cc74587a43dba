"""The demo people's roles: title, mandate, what they may share, and who steps in.

Some roles have no deputy on purpose (*personberoende*: the actor map and the alarm chain warn about
them), and one has ended. Pure data, no queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


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
