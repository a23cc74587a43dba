"""The demo's establishment signals: some in every triage state in each region.

Three of them open the demo's cases (``demo.data.cases``) and one is linked to a case; the rest stay
new, under assessment or dismissed with a reason. Pure data: model choices only, no queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Confidentiality
from establishments.models import Signal


@dataclass(frozen=True)
class SignalSpec:
    logged_by: str  # username
    municipality: str  # SCB code
    days_ago: int
    channel: str
    summary: str
    sector: str
    # What, how big, where: the signal's heading in lists, pages and e-mails. No personal data.
    subject: str = ""
    source: str | None = None  # organisation key
    source_text: str = ""
    # Who called or wrote (personal data, fictional here: numbers from PTS's range for fiction).
    caller: str = ""
    received_by: str = ""
    jobs: int | None = None
    investment_msek: str | None = None
    land_hectares: str | None = None
    power_mw: str | None = None
    confidentiality: str = Confidentiality.OPEN
    # What becomes of it: "ny", "under_bedomning", "avskriven: <reason>", "case:<key>" (it opens
    # the case ``demo.data.cases.CASES[<key>]``) or "link:<key>" (linked to that case). The
    # region's coordinator triages it.
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
        subject="Battericellfabrik, cirka 3 000 jobb, Skellefteå",
        caller="Erik Holm, etableringschef, 070-174 06 05",
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
        subject="Kabel- och komponentfabrik, cirka 120 jobb, Skellefteå",
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
        subject="Återvinning av battericeller, cirka 250 jobb, Umeå",
        caller="Handläggare på Business Sweden, 070-174 06 12",
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
        subject="Cirka 600 bostäder för inflyttande personal, Skellefteå",
        caller="Förvaltare, ville inte lämna namn, 070-174 06 21",
        source_text="Fastighetsbolag (uppdragsgivare ej angiven)",
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
        subject="Fabrik för anodmaterial, cirka 400 jobb, Norsjö",
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
        subject="Datacenter 150 MW, cirka 250 jobb, Gävle eller Sandviken",
        caller="Anna Tallberg, projektledare, 070-174 06 33",
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
        subject="Nordiskt distributionslager, cirka 300 jobb, Gävle hamn",
        caller="Jonas Ek, 070-174 06 47",
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
        subject="Ny produktionslinje för stålkomponenter, cirka 180 jobb, Sandviken",
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
        subject="Solcellspark 60 hektar, Hudiksvall",
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
        subject="Vätgasanläggning 500 MW, cirka 400 jobb, Sundsvall",
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
        subject="Batterimaterial, 20 hektar industrimark och hamn, Härnösand",
        caller="Kontaktperson via e-post: inkop@example.com",
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
        subject="Bioraffinaderi vid befintligt bruk, cirka 200 jobb, Örnsköldsvik",
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
        subject="Mark för datacenter utan känd kund, Sundsvall",
        source_text="Fastighetsmäklare",
        received_by="Hanna Öhrn",
        outcome="avskriven: Mäklaren hade inget uppdrag; samma förfrågan gick till ett tiotal kommuner.",
    ),
]
