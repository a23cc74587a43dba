"""The demo's organisations: three regions' municipalities, authorities, schools, companies and
associations, and the national bodies they work with. The companies are invented; every e-mail
domain lies under example.se.

Keys (``"skelleftea"``, ``"region_vb"``) are how every other table and seeder of the demo names an
organisation. Pure data: model choices only, no queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from actors.models import Level, OrganisationType

# The demo's three regions (SCB codes): Västerbotten, Gävleborg, Västernorrland.
REGION_CODES = ["24", "21", "22"]

T = OrganisationType
LOKAL, REGIONAL, NATIONELL = Level.LOKAL, Level.REGIONAL, Level.NATIONELL
INTERNATIONELL = Level.INTERNATIONELL

# Public bodies get 212099-xxxx, everyone else 5599xx-xxxx (see ``demo.data.fiction``).
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
