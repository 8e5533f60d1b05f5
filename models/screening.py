"""Clinical and legal history in free text: the words IPS zero exclusion keeps out of every record.

Field names are screened in models/base.py; this module screens what people write. Each entry below is one
pattern with the family it belongs to, an example it must catch (tests/models/test_screening.py checks every
example) and, where a pattern is narrower than a single word, the reason. The rule for choosing them: a word
is flagged on its own only when it has no everyday or job meaning (drug names, diagnoses, "felony");
a word that also names a job, a workplace or a product is flagged only in a phrase that makes it a
person's history. So these pass, each for the reason given:

- "pharmacy technician", "drug store clerk": no drug is named, and "drug" alone is not flagged.
- "hospital porter", "hospital cafeteria cook": "hospital" is a workplace; only "hospitalised/-ized",
  "hospitalisation/-ization" and a stay in a psychiatric hospital are flagged.
- "psychiatric aide", "psychiatric technician", "mental health technician": "psychiatric" is flagged only
  before a word for a stay, a hold, a diagnosis or a history.
- "substance abuse counselor", "addiction counselor", "rehabilitation counselor", "vocational
  rehabilitation": substance use and addiction are flagged only with a person ("addicted to", "his drug
  use", "a history of substance abuse"); "rehab" and "detox" only as a place someone was or went.
- "probation officer", "90-day probation period": probation is also a new hire's trial period, so it is not
  flagged; "on parole" and "parole violation" are.
- "correctional officer": a job; being in prison or jail is flagged.
- "homeless shelter aide": "homeless" is flagged only when someone is, was or became homeless.
- "lithium battery assembler": lithium is flagged only as a medication ("on lithium", "lithium 300 mg"),
  and never when battery words follow.
- "detox juice bar": no one is "in detox".
- "serve alcoholic beverages": "alcoholic" is flagged only as a person ("is an alcoholic").

The patterns are compiled once into a single case-insensitive regular expression with word boundaries.
That expression is too slow to run on every stored text (about 0.1 ms for a phrase), so each pattern also
names its keys, the words every match starts with, and one cheap search for a key (may_mention) decides
whether the full expression runs at all: a clean record costs that one search over all of its text.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class ClinicalPattern(NamedTuple):
    """One curated pattern: its family, the regex (without word boundaries), a phrase it must catch, and its keys.

    Every text the pattern matches has one of `keys` at the start of a word (lower case); a pattern made only of
    plain words may leave `keys` out, and its words are its keys. The keys make the cheap first check below.
    """

    family: str
    pattern: str
    example: str
    keys: tuple[str, ...] = ()


# A person's state or change of state: "is", "was", "he's", "became", "still"...
_BE = r"(?:is|am|are|was|were|been|be|being|became|become|becomes|becoming|'s|'m|'re|’s|’m|’re)"
_ADVERB = r"(?:\s+(?:currently|now|still|recently|briefly|once|often|sometimes|temporarily|also|then|again))?"
_WHOSE = r"(?:his|her|my|their|your)"
_NUMBER = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a\s+few|many)"
_DRUG = r"(?:drug|alcohol|opioid|opiate|heroin|meth|crack|cocaine|gambling|pill|painkiller|substance)"
_SPAN = rf"{_NUMBER}[\s-]+(?:days?|weeks?|months?|years?)"
# Past states only: "the job is in a state prison" describes a workplace, "he was in prison" a person.
_WAS = r"(?:was|were|been|being)"
# After these words a place is a workplace ("rehab unit aide", "jail kitchen", "inpatient pharmacy").
_WORKPLACE = (
    r"(?![\s-]+(?:units?|centers?|centres?|facilit\w*|programs?|programmes?|departments?|settings?|clinics?"
    r"|hospitals?|teams?|staff|services?|aides?|techs?|technicians?|nurs\w*|counsel\w*|kitchens?|workers?"
    r"|officers?|guards?|specialists?|assistants?|coordinators?|pharmac\w*|health|medical|laundr\w*|librar\w*"
    r"|industr\w*|systems?|environments?|gym|juice|bars?|education|ministry|chaplain\w*|visits?))"
)
# After "lithium" these words mean a battery, a metal or a mine, not a medication.
_BATTERY = (
    r"(?![\s-]*(?:ion|batter|cell|polymer|metal|iron|pack|brine|mine|mining|ore|grease|carbonate|hydroxide|chloride"
    r"|compound|extract|process|refin|recycl|deposit|production|plant|project|operation|industr|assembl|line|product"
    r"|electrode|anode|cathode|salt))"
)

PATTERNS: tuple[ClinicalPattern, ...] = (
    # -- diagnoses and symptoms: clinical words with no everyday or job sense
    ClinicalPattern(
        "diagnosis", r"schizophreni(?:a|as|c|cs)|schizo-?affective|schizotypal|schizoid", "schizophrenia", ("schizo",)
    ),
    ClinicalPattern(
        "diagnosis",
        # "bipolar" alone is also electronics (bipolar transistor), so it needs a clinical word or a person.
        rf"bipolar(?:[\s-]+(?:disorder|disorders|depression|disease|illness|diagnosis|type|i|ii|1|2)\b)"
        rf"|{_BE}{_ADVERB}\s+bipolar|(?:diagnosed|diagnosis)\s+(?:as\s+|with\s+|of\s+)?bipolar",
        "bipolar disorder",
        ("bipolar",),
    ),
    ClinicalPattern(
        "diagnosis",
        r"psychos[ie]s|psychotic|hypomani[ac]|manic[\s-]+(?:depressi\w+|episodes?)",
        "psychosis",
        ("psycho", "hypomani", "manic"),
    ),
    ClinicalPattern("diagnosis", r"ptsd|post[\s-]?traumatic\s+stress", "PTSD", ("ptsd", "traumatic", "posttraumatic")),
    ClinicalPattern(
        "diagnosis",
        r"personality\s+disorders?|borderline\s+personality",
        "borderline personality disorder",
        ("personality",),
    ),
    ClinicalPattern(
        "diagnosis",
        r"major\s+depressi(?:on|ve)|depressive\s+(?:disorders?|episodes?)|clinical(?:ly)?\s+depress(?:ion|ed)"
        r"|post-?partum\s+depression",
        "major depressive disorder",
        ("depress",),
    ),
    ClinicalPattern(
        "diagnosis",
        r"(?:anxiety|panic|eating|mood|dissociative(?:\s+identity)?|obsessive[\s-]+compulsive)"
        r"\s+disorders?|panic\s+attacks?|social\s+anxiety|anorexia\s+nervosa|bulimi(?:a|c)|adhd|attention[\s-]+deficit",
        "panic disorder",
        ("disorder", "panic", "anxiety", "anorexia", "bulimi", "adhd", "deficit"),
    ),
    ClinicalPattern(
        "diagnosis",
        # "diagnose faults" and "diagnosis of engine problems" are mechanics' work; "diagnosed with" never is.
        rf"(?:diagnosed|dx'?d)\s+(?:with|as)|(?:has|had|have|having)\s+(?:a\s+)?(?:serious\s+|severe\s+|chronic\s+)?"
        rf"mental\s+illness|{_WHOSE}\s+(?:mental\s+illness|psychiatric\s+(?:history|condition|illness))",
        "diagnosed with",
        ("diagnosed", "dx", "illness", "psych"),
    ),
    ClinicalPattern(
        "symptom",
        r"hallucinat(?:ions?|ing|ed|es)|delusions?|delusional|(?:hears|hearing|heard|hear)\s+voices|catatoni[ac]"
        r"|(?:nervous|mental|psychotic)\s+breakdowns?|suicid(?:al|e\s+attempts?)|attempted\s+suicide"
        r"|tried\s+to\s+kill\s+(?:himself|herself|myself|themselves|themself)",
        "hears voices",
        ("hallucinat", "delusion", "voices", "catatoni", "breakdown", "suicid", "kill"),
    ),
    # -- psychiatric and addiction medications, generic and brand names, and the classes they belong to
    ClinicalPattern(
        "medication",
        r"clozapine|clozaril|olanzapine|zyprexa|risperidone|risperdal|quetiapine|seroquel|aripiprazole|abilify"
        r"|haloperidol|haldol|ziprasidone|geodon|lurasidone|latuda|paliperidone|invega|fluphenazine|prolixin"
        r"|chlorpromazine|thorazine|perphenazine|loxapine|asenapine|saphris|brexpiprazole|rexulti|cariprazine"
        r"|vraylar|iloperidone|fanapt|lumateperone|caplyta",
        "clozapine",
    ),
    ClinicalPattern(
        "medication",
        r"lithobid|valproate|valproic|divalproex|depakote|lamotrigine|lamictal|carbamazepine|tegretol"
        r"|oxcarbazepine|trileptal",
        "depakote",
    ),
    ClinicalPattern(
        "medication",
        # Lithium is also a battery and a mineral ("lithium battery assembler", "lithium mine"): only a dose,
        # a level, or being on, taking or prescribed it counts, and never with a battery word after it.
        rf"(?:on|taking|takes|took|take|prescribed|started|stopped|off)\s+lithium\b{_BATTERY}"
        r"|lithium\s+(?:\d+\s*mg|levels?\s+(?:checked|tested|were|was|is)|toxicity|doses?|dosage|tablets?|pills?)"
        r"|(?:blood|serum)\s+lithium",
        "on lithium",
        ("lithium",),
    ),
    ClinicalPattern(
        "medication",
        r"sertraline|zoloft|fluoxetine|prozac|paroxetine|paxil|citalopram|celexa|escitalopram|lexapro"
        r"|venlafaxine|effexor|desvenlafaxine|pristiq|duloxetine|cymbalta|bupropion|wellbutrin|mirtazapine"
        r"|remeron|trazodone|vortioxetine|trintellix|amitriptyline|nortriptyline",
        "zoloft",
    ),
    ClinicalPattern(
        "medication",
        r"lorazepam|ativan|clonazepam|klonopin|diazepam|valium|alprazolam|xanax|benzodiazepine|benzodiazepines|benzos"
        r"|adderall|ritalin|methylphenidate|vyvanse",
        "xanax",
    ),
    ClinicalPattern(
        "medication",
        r"methadone|suboxone|buprenorphine|subutex|sublocade|naltrexone|vivitrol|disulfiram|antabuse|acamprosate",
        "methadone",
    ),
    ClinicalPattern(
        "medication",
        rf"anti-?psychotics?|anti-?depressants?|mood\s+stabili[sz]ers?|psych(?:iatric)?\s+(?:meds|medications?)"
        rf"|(?:depot|long[\s-]acting)\s+injections?|off\s+{_WHOSE}\s+(?:meds|medications?)"
        rf"|stopped\s+taking\s+(?:{_WHOSE}\s+)?(?:meds|medications?)",
        "antipsychotics",
        ("anti", "stabili", "psych", "injection", "meds", "medication"),
    ),
    # -- hospital stays and treatment as a person's history ("hospital" itself is a workplace)
    ClinicalPattern(
        "hospital stay",
        r"(?:re-?)?hospitali[sz](?:ed|ation|ations|ing|e)",
        "hospitalized",
        ("hospitali", "rehospitali"),
    ),
    ClinicalPattern(
        "hospital stay",
        # "inpatient pharmacy technician" is a job: only being an inpatient, or an inpatient stay, counts.
        rf"(?:{_WAS}\s+(?:an\s+)?|admitted\s+(?:as\s+an\s+)?|(?:stayed|spent\s+{_SPAN})\s+as\s+an\s+)inpatient\b"
        rf"{_WORKPLACE}|inpatient\s+(?:stays?|treatment|rehab|detox)\b{_WORKPLACE}",
        "was an inpatient",
        ("inpatient",),
    ),
    ClinicalPattern(
        "hospital stay",
        r"psych\s+(?:ward|hold|unit\s+stay)|psychiatric\s+(?:hospital\s+stays?|hospitali[sz]ations?|admissions?"
        r"|holds?|stays?|history|commitment)|(?:admitted|committed|sectioned|sent)\s+(?:to|into)\s+(?:a|the)\s+"
        r"(?:psych(?:iatric)?|mental)\s+(?:ward|hospital|unit|facility)|mental\s+(?:institution|asylum)s?"
        r"|involuntar(?:y|ily)\s+commit(?:ted|ment)|72[\s-]hour\s+hold",
        "psych ward",
        ("psych", "mental", "involuntar", "72"),
    ),
    ClinicalPattern(
        "treatment",
        # "detox juice bar" and "rehabilitation counselor" pass: only a person in, into or out of detox or rehab.
        # Without an article "in rehab" is a stay; "in a rehab unit" or "rehab aide" is a workplace or a job.
        rf"(?:in|into|out\s+of|left|finished|completed|after|since|before|went\s+to|sent\s+to|go\s+to)"
        rf"\s+(?:detox|rehab)\b{_WORKPLACE}",
        "in rehab",
        ("detox", "rehab"),
    ),
    # -- substance use as a person's history ("substance abuse counselor" and "drug store" are jobs)
    ClinicalPattern(
        "substance use",
        r"relapsed|(?:had|has|have|having|suffered|after|since|following)\s+(?:(?:a|an|another|his|her|my|their"
        r"|recent|several|two|three|multiple|brief|short|bad|serious)\s+)*relapses?\b(?![\s-]+prevention)",
        "relapsed",
        ("relapse",),
    ),
    ClinicalPattern(
        "substance use",
        r"overdosed|od'e?d|(?:had|has|have|survived|after|since|following|died\s+of|died\s+from|nearly\s+died)"
        r"\s+(?:(?:a|an|another|his|her|my|their|two|several|multiple|accidental|near-fatal|nonfatal|non-fatal"
        r"|opioid|heroin|fentanyl|drug)\s+)*overdoses?",
        "overdosed",
        ("overdose", "od'"),
    ),
    ClinicalPattern(
        "substance use",
        rf"addicted\s+to|(?:drug|heroin|meth|crack|opioid|opiate|recovering|former)\s+addicts?"
        rf"|(?:history\s+of|struggl(?:ed|es|ing)\s+with|battl(?:ed|es|ing)(?:\s+with)?|recovering\s+from|{_WHOSE})"
        rf"\s+(?:{_DRUG}\s+)?(?:addictions?|alcoholism)|{_WHOSE}\s+{_DRUG}\s+(?:habit|problem)",
        "addicted to",
        (
            "addict",
            "alcohol",
            "drug",
            "opioid",
            "opiate",
            "heroin",
            "meth",
            "crack",
            "cocaine",
            "gambling",
            "pill",
            "painkiller",
            "substance",
        ),
    ),
    ClinicalPattern(
        "substance use",
        # As an adjective "alcoholic" is a drink ("serve alcoholic beverages"); only the person counts.
        rf"(?:recovering|functioning|former|an\s+ex-?|{_BE}\s+an?)\s+alcoholic\b(?![\s-]+(?:beverage|drink|product))"
        r"|alcoholics|alcoholism|(?:alcoholics|narcotics)\s+anonymous|(?:aa|na)\s+meetings?",
        "is an alcoholic",
        ("alcohol", "narcotics", "meeting"),
    ),
    ClinicalPattern(
        "substance use",
        r"heroin|fentanyl\s+(?:use|addiction|habit)|crack\s+cocaine|cocaine\s+(?:use|habit|addiction)"
        r"|meth(?:amphetamine)?\s+(?:use|user|users|addiction|habit|abuse)"
        r"|(?:use|uses|used|using|smoke|smokes|smoked|smoking|inject|injects|injected|injecting|snort|snorted"
        r"|snorting|did|doing)\s+(?:heroin|meth|crack|cocaine|fentanyl|opioids|drugs)\b"
        rf"|(?:{_BE}|got|get|gets|getting)\s+(?:on|off)\s+(?:heroin|meth|crack|cocaine|fentanyl|opioids|drugs)\b",
        "heroin",
        ("heroin", "fentanyl", "crack", "cocaine", "meth", "opioid", "drug"),
    ),
    ClinicalPattern(
        "substance use",
        rf"(?:{_WHOSE}|history\s+of|past|ongoing|active|current|daily|heavy|iv|intravenous)\s+"
        r"(?:drug|substance|alcohol|opioid|opiate|heroin|meth|cocaine|cannabis|marijuana)\s+(?:use|abuse|misuse)"
        r"|(?:substance|alcohol|opioid|opiate|cannabis|stimulant|cocaine|methamphetamine)\s+use\s+disorders?"
        r"|drinking\s+problem|problem\s+drinking|binge\s+drink(?:ing|er|s)?"
        rf"|(?:{_BE}|showed\s+up|came\s+in|came\s+to\s+work|arrived|got)\s+drunk"
        rf"|fail(?:ed|s|ing)?\s+(?:a\s+|the\s+|{_WHOSE}\s+)?(?:drug|urine|ua|breathalyzer)\s+(?:tests?|screens?)",
        "history of drug use",
        (
            "drug",
            "substance",
            "alcohol",
            "opioid",
            "opiate",
            "heroin",
            "meth",
            "cocaine",
            "cannabis",
            "marijuana",
            "stimulant",
            "drinking",
            "binge",
            "drunk",
            "urine",
            "ua",
            "breathalyzer",
        ),
    ),
    ClinicalPattern(
        "substance use",
        rf"clean\s+and\s+sober|{_SPAN}\s+sober|(?:stay|stays|stayed|staying|got|getting|get)\s+sober"
        rf"|{_WHOSE}\s+sobriety|sobriety\s+date",
        "clean and sober",
        ("sober", "sobriety"),
    ),
    # -- legal history ("probation officer" and "correctional officer" are jobs)
    ClinicalPattern(
        "legal history",
        r"felony|felonies|felons?|misdemeanou?rs?|convicted|incarcerat(?:ed|ion)",
        "felony",
        ("felon", "misdemeano", "convicted", "incarcerat"),
    ),
    ClinicalPattern(
        "legal history",
        # "with conviction" and "strong convictions" are about beliefs: only a criminal conviction counts.
        r"(?:criminal|felony|misdemeanou?r|prior|previous|past|earlier|dui|dwi|drug|assault|theft"
        r"|any|two|three|several|multiple|recent)\s+convictions?"
        r"|convictions?\s+(?:for|record|history|in\s+(?:19|20)\d\d)",
        "a prior conviction",
        ("conviction",),
    ),
    ClinicalPattern(
        "legal history",
        # Without an article "in prison" is a sentence; "works in a county jail kitchen" is a workplace.
        rf"(?:in|into|to|out\s+of|from)\s+(?:prison|jail)\b{_WORKPLACE}"
        rf"|(?:{_WAS}|went|sent|spent\s+{_SPAN}|released|got\s+out|back)\s+(?:in|into|to|from|of)\s+"
        rf"(?:(?:a|the|state|county|federal)\s+)+(?:prison|jail)\b{_WORKPLACE}"
        r"|(?:prison|jail)\s+(?:time|sentence|sentences|term|terms|record|stay)"
        r"|sentenced|serv(?:ed|ing)\s+time\b(?!-)|serv(?:ed|ing)\s+(?:a\s+)?(?:prison|jail)\s+sentence",
        "in prison",
        ("prison", "jail", "sentenced", "served", "serving"),
    ),
    ClinicalPattern(
        "legal history",
        r"on\s+parole|paroled|parole\s+violations?|violat(?:ed|ing)\s+(?:his\s+|her\s+|my\s+|their\s+)?"
        r"(?:parole|probation)|probation\s+violations?",
        "on parole",
        ("parole", "probation"),
    ),
    ClinicalPattern(
        "legal history",
        rf"criminal\s+records?|(?:has|had|have|with|{_WHOSE})\s+(?:a\s+)?criminal\s+(?:history|past|charges?)"
        rf"|(?:{_BE}|got|get|gets|getting)\s+arrested|arrest\s+record"
        r"|charged\s+with\s+(?:a\s+)?(?:felony|misdemeanou?r|crime|assault|theft|burglary|robbery|possession"
        r"|dui|dwi|trespassing|shoplifting|fraud|murder|manslaughter|drug)"
        r"|(?:registered\s+)?sex\s+offenders?|ex-?offenders?|ex-?cons|ex-?convicts?|duis?|dwis?",
        "criminal record",
        ("criminal", "arrest", "charged", "offender", "exoffender", "excon", "ex-con", "dui", "dwi"),
    ),
    # -- homelessness as a person's history ("homeless shelter aide" is a job)
    ClinicalPattern(
        "homelessness",
        rf"{_BE}{_ADVERB}\s+(?:homeless|unhoused)\b(?!\s+(?:shelters?|services?|programs?|outreach|people|persons"
        r"|youth|veterans|clients|individuals|families|population|coalition))"
        r"|homeless\s+(?:for|since)\b|(?:experienc(?:ing|ed|es)|history\s+of|periods?\s+of|years\s+of|episodes?\s+of"
        rf"|{_WHOSE})\s+homelessness|chronically\s+homeless",
        "was homeless",
        ("homeless", "unhoused"),
    ),
    ClinicalPattern(
        "homelessness",
        r"(?:living|lives|lived|sleeping|sleeps|slept)\s+(?:in|at|on)\s+"
        r"(?:(?:a|the|his|her|my|their)\s+)?(?:shelters?|car|van|tent|streets?|encampment)\b"
        r"|sleep(?:s|ing)?\s+rough|slept\s+rough|couch[\s-]?surf(?:ing|s|ed)?|no\s+fixed\s+(?:address|abode)"
        r"|(?:was|were|got|been|being)\s+evicted",
        "living in his car",
        ("living", "lives", "lived", "sleep", "slept", "couch", "fixed", "evicted"),
    ),
)


def _keys(entry: ClinicalPattern) -> tuple[str, ...]:
    return entry.keys or tuple(entry.pattern.split("|"))


def _alternation(words: list[str]) -> str:
    """A regex matching any of `words`, nested by shared first letters so that a search tries few branches."""
    by_first: dict[str, list[str]] = {}
    ends_here = False
    for word in sorted(set(words)):
        if word:
            by_first.setdefault(word[0], []).append(word[1:])
        else:
            ends_here = True
    branches = [re.escape(first) + _alternation(rests) for first, rests in by_first.items()]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not ends_here else "(?:" + "|".join(branches) + ")"
    return body + ("?" if ends_here else "")


# The full patterns: one alternation, each branch ending at a word boundary ("heroine" is not "heroin",
# "hospitality" is not "hospitalization"). Searching it costs about 0.1 ms for a short phrase, far too much
# for every stored text, so it only runs on text that passed the first check.
_CLINICAL_TEXT = re.compile(r"\b(?:" + "|".join(f"(?:{p.pattern})(?!\\w)" for p in PATTERNS) + ")", re.IGNORECASE)
# The first check: does any key start a word? For ASCII text it runs on " " + text.lower() and asks for a
# non-word character before the key, instead of IGNORECASE and \b: the expression then starts with a
# character class, which lets the regex engine skip along the letters of a word without trying a match at
# each one (about 2 microseconds for an opening's title and description). Other text gets the same check
# with \b and IGNORECASE, the flags of the full patterns, so case folding can never let a term slip past.
_KEYS = _alternation([key for p in PATTERNS for key in _keys(p)])
_QUICK_ASCII = re.compile("[^a-z0-9_]" + _KEYS)
_QUICK_ANY = re.compile(r"\b" + _KEYS, re.IGNORECASE)


def may_mention(text: str) -> bool:
    """False when `text` certainly names no clinical or legal history (one cheap search); True when it may."""
    if text.isascii():
        return _QUICK_ASCII.search(" " + text.lower()) is not None
    return _QUICK_ANY.search(text) is not None


def clinical_terms(text: str) -> list[str]:
    """The clinical or legal history words found in `text`, as written and without repeats; [] when clean."""
    if not may_mention(text):
        return []
    seen: dict[str, str] = {}
    for match in _CLINICAL_TEXT.finditer(text):
        words = " ".join(match.group(0).split())
        seen.setdefault(words.lower(), words)
    return list(seen.values())
