"""The demo's people and its users: one login per role, each a person of the registry.

Keys (``"maria"``, ``"johan"``) are how the roles, the workspace and the alarm chain name a person;
usernames are how they name a user. Pure data: model choices only, no queries.
"""

from __future__ import annotations

from accounts.models import RoleName

PASSWORD = "samhandla-demo"  # every demo user's, printed with the logins

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

DEMO_USERNAMES = list(USERS)
# The coordinator of each demo region (SCB code), who triages its signals.
COORDINATORS = {"24": "samordnare", "21": "samordnare.gavleborg", "22": "samordnare.vn"}
