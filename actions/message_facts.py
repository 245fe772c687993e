"""Every claim fact one customer message carries, whatever the form asked: the one place a
message is understood.

`facts_in_message` reads Rasa's entities (the spaCy rules of bot/entity_patterns.py) and, for any
kind of entity Rasa did not report, runs the same rules on the text itself, so it also works on
raw text. Values are normalised by actions/parsing.py; the cues below decide what an amount is
for, which harms the message describes or rules out, what it corrects, and what the customer is
asking for. Given the question asked (`asked`), a bare answer ("350", "none", "the ER") is read
as that question's value; the form's validators take these typed facts and never read the text
again.

Where the message leaves a doubt (a range of amounts, a vague day, a correction that does not
say of what), the fact is left out and `doubt` says what to ask instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from actions import parsing
from bot.entity_patterns import (
    BODY_PART,
    BODY_PARTS,
    DATE,
    EMAIL,
    ENTITY_LABELS,
    MONEY,
    ORDER_ID,
    PRODUCT,
    TREATMENT,
)
from bot.spacy_pipeline import entities_in


@dataclass(frozen=True)
class MessageFacts:
    """Every claim fact one customer message carries (None/empty: the message does not say)."""

    order_id: str | None = None
    customer_email: str | None = None
    claim_reference: str | None = None  # "CLM-7K3Q9X", upper-cased
    incident_date: date | None = None
    property_damage_amount: Decimal | None = None
    medical_costs: Decimal | None = None
    lost_earnings: Decimal | None = None
    unassigned_amount: Decimal | None = None  # an amount with no clue which loss it is
    injury_treatment: str | None = None  # none|first_aid|doctor|emergency_room|hospitalized
    harm_kinds: frozenset[str] = frozenset()  # subset of {"property_damage", "injury"}
    body_parts: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    non_economic: bool = False  # asks for pain and suffering, punitive or emotional damages
    emergency: bool = False  # describes an ONGOING emergency
    is_correction: bool = False  # "actually it was $450", "no, the 4th", "sorry, I meant ..."
    replaced_amounts: tuple[Decimal, ...] = ()  # the old values a correction names ("not $390")
    ruled_out_harms: frozenset[str] = frozenset()  # "nobody got hurt", "nothing else broke"
    account: str = ""  # the message's own words about what happened, chatter removed
    refers_back: bool = False  # "as I said above": the account was given earlier
    tells_defect: bool = False  # says what the product did ("overheated", "caught fire")
    tells_harm: bool = False  # says what the harm was ("scorched the rug"), not only its kind
    doubt: str | None = None  # what to ask instead of guessing (a range, a vague day)

    @property
    def story(self) -> str | None:
        """The account, when it is long enough to tell what happened on its own."""
        return self.account if len(self.account.split()) >= MIN_STORY_WORDS else None


@dataclass(frozen=True)
class _Mention:
    label: str
    value: str
    start: int
    end: int


_BODY_PART_WORDS = frozenset(BODY_PARTS)

# ---- what an amount is for: the nearest cue word around it wins ------------------------------
_PROPERTY_CUES = (
    r"fix\w*|repair\w*|replac\w*|damage\w*|restor\w*|clean[- ]?up|cleaning|contractor|plumber|"
    r"electrician|carpet|rug|counter\w*|worktop|desk|floor\w*|walls?|sofa|couch|table|"
    r"furniture|cabinets?|cupboards?|curtains?|mattress|bed|door|ceiling|tv|clothes|property"
)
_MEDICAL_CUES = (
    r"bills?|hospital|doctor|\bdoc\b|a&e|emergency room|urgent care|clinic|co-?pay\w*|"
    r"medical|medicine|meds|prescriptions?|pharmacy|ambulance|treatment|stitches|x-?rays?|"
    r"physio\w*|therapy|dentist|gp\b"
)
_EARNINGS_CUES = (
    r"missed|work\b|off work|time off|days? off|wages?|shifts?|lost pay|lost income|earnings|"
    r"salary|income|couldn'?t work|could not work|unpaid|paycheck|pay\b"
)
_PRICE_CUES = r"bought|purchased|ordered|priced?|refund\w*"
_AMOUNT_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("property_damage", re.compile(rf"\b(?:{_PROPERTY_CUES})", re.IGNORECASE)),
    ("medical", re.compile(r"\bE\.?R\b")),  # only a capital "ER" is the emergency room
    ("medical", re.compile(rf"\b(?:{_MEDICAL_CUES})", re.IGNORECASE)),
    ("lost_earnings", re.compile(rf"\b(?:{_EARNINGS_CUES})", re.IGNORECASE)),
    ("price", re.compile(rf"\b(?:{_PRICE_CUES})", re.IGNORECASE)),
]
_CUE_WINDOW = 45
# A number with no currency counts as money only where nothing else fits: "it was 450",
# "it cost 300 to fix"; never "3 shifts" or "2 days".
_BARE_AMOUNT_RE = re.compile(
    r"\b(?:cost|costs|cost me|paid|spent|charged|was|is|it'?s|about|around|roughly|"
    r"approximately|maybe)\s+(\d[\d,]*(?:\.\d{1,2})?)(?=\s*(?:$|[.,!?;]|\s(?:to|for|in)\b))",
    re.IGNORECASE,
)
_NEGATED_AMOUNT_RE = re.compile(
    r"\b(not|instead of|rather than)\s*(about|around)?\s*$", re.IGNORECASE
)
# A number that measures something else: "6 qt", "1500W", "2 nights", "model 200", "X200".
_UNIT_AFTER_RE = re.compile(
    r"^\s*(?:-?\s*)(?:qt|quarts?|w|watts?|kw|v|volts?|mah|ah|wh|l|litres?|liters?|ml|oz|ounces?|"
    r"lbs?|pounds?|kg|g|inch(?:es)?|\"|ft|feet|foot|cm|mm|meters?|metres?|%|percent|"
    r"degrees?|°|nights?|days?|weeks?|months?|years?|hours?|hrs?|mins?|minutes?|times?|units?|"
    r"of (?:them|these|those|the \w+|\d+)|in (?:the|a|one) (?:box|pack|set)|"
    r"pieces?|pcs|people|kids|children|slices?|cups?|speeds?|settings?|stitches|x\b|gb|tb|mph|"
    r"psi|rpm|am\b|pm\b|st\b|nd\b|rd\b|th\b)\b",
    re.IGNORECASE,
)
_MODEL_BEFORE_RE = re.compile(
    r"(?:\b(?:model|no\.?|number|#|version|v|size|aged?|ages?|gen|series|room|apt|unit|"
    r"suite|ext|extension|page|item|qty|quantity|count)\s*:?\s*|[A-Za-z]-?)$",
    re.IGNORECASE,
)
# "I have 2", "I bought 3", "1 of 3": a small bare number after owning is a count of things.
_COUNT_BEFORE_RE = re.compile(
    r"\b(?:i|we)\s+(?:have|had|own|owned|got|bought|ordered|used)(?: it)?\s+$|"
    r"\b\d{1,2}\s+(?:out\s+)?of\s+$",
    re.IGNORECASE,
)
_MONEY_AFTER_RE = re.compile(r"\s*(?:in|of|worth|for)\b", re.IGNORECASE)
# "between $300 and $400", "$300-400", "300 to 400", "$300 or $400": not one amount.
_RANGE_BETWEEN_RE = re.compile(r"\b(between|from)\s*(about|around|roughly)?\s*$", re.IGNORECASE)
# Nothing lost: "none", "zero, I kept working", "nothing, it was covered", "didn't lose any pay".
_NONE_ANSWER_RE = re.compile(
    r"^\W*(none|nothing|zero|zilch|nil|nada|no|nope|nah|n/?a|0|\$\s*0(\.00?)?|not a (penny|"
    r"cent|dime|thing)|not any|no (costs?|bills?|charges?|expenses?|money|pay|loss(es)?))\b|"
    r"\b(didn'?t|did not|haven'?t|have not|wasn'?t|was not|never)\s+(\w+\s+){0,2}?"
    r"(cost|lose|lost|miss|missed|pay|paid|spend|spent|charged?|billed)\b(?!\s+(?:me\s+)?\$?\d)|"
    r"\b(kept|still) (working|went to work|at work)\b|\bno (lost |missed )?(earnings|wages|"
    r"income|work|shifts?|medical (bills?|costs?)|doctor'?s? bills?)\b|\bcost(s)? (me )?nothing\b|"
    r"\bnothing (to pay|out of pocket|at all)\b|\bfree of charge\b",
    re.IGNORECASE,
)
# A day ("the 19th", "on Tuesday") is never money, even where an amount is asked.
_VAGUE_DATE_RE = re.compile(
    r"\b((a )?few|several|some|couple of) (days|weeks)( ago| back)?\b|\b(?<!of )last (week|month)\b|"
    r"\b(earlier|sometime|some time) (this|last) (week|month)\b|\b(a while|recently|the other "
    r"day|not sure when|don'?t remember when|can'?t remember (when|the date))\b|"
    r"\b(early|mid|late)[- ](jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.IGNORECASE,
)

# ---- kinds of harm ------------------------------------------------------------------------
_PROPERTY_OBJECTS = (
    r"carpet|rug|counter\w*|worktop|desk|floor\w*|walls?|sofa|couch|table|furniture|cabinets?|"
    r"cupboards?|curtains?|mattress|bed|bedding|sheets|door|ceiling|tv|clothes|kitchen|garage|"
    r"house|home|apartment|flat|room|car|laptop|outlet|socket|cupboard|shelf|closet|blinds|"
    r"windows?|nightstand|dresser|vanity|bookshel\w*|chairs?|armchair|recliner|bench|stove|oven|"
    r"microwave|fridge|phone|tablet|computer|monitor|backpack|bag|purse|sink|bath\w*|tiles?|"
    r"hardwood|laminate|drywall|paint|wallpaper|pillows?|blankets?|duvet|quilt|towels?|"
    r"lampshade|shoes?|jacket|coat|shirt|dress|luggage|suitcase|stairs|deck|patio|porch|"
    r"headboard|crib|playpen|stroller|car seat|dashboard|upholstery|cushions?|ottoman|"
    r"mantel|hallway|bathroom|bedroom|living room|dining table|nursery|office|basement|attic"
)
# A mark left on something: "left a black streak on the wall", "a hole in the couch".
_MARK_ON_THING = (
    r"\b(marks?|stains?|holes?|streaks?|spots?|dents?|scratch\w*|cracks?|scorch\w*|char\w*|"
    r"soot|residue|damage|edges?|patch\w*|rings?|smears?|blisters?|bubbles?|burns?|residue|"
    r"discolou?ration|melt\w*|puddle|mess)\b(\W+\w+){0,3}?\W+(on|in|to|into|across|through|"
    r"over|along|all over)\W+(the|my|our|his|her|their|a|an)\W+(\w+\W+)?"
    rf"(?:{_PROPERTY_OBJECTS})\b"
)
_DAMAGE_PARTICIPLE = (
    r"(?:burn(?:ed|t)|melted|scorched|singed|charred|blackened|warped|fried|ruined|destroyed|"
    r"damaged|stained|cracked|broken|smashed|shattered|soaked|flooded|wrecked|discolou?red|"
    r"bubbled|dented|scratched|torn|ripped|totall?ed)"
)
# The thing first: "my couch got burned", "the wall is blackened now", "the carpet has a burn
# mark now", "got my laptop fried".
# The thing and maybe one more word ("outlet cover", "rug underneath", a typo).
_THING = rf"(?:{_PROPERTY_OBJECTS})(?:\s+[a-z]+)?"
_THING_DAMAGED = (
    rf"\b{_THING}\s+"
    r"(?:(?:got|gets|is|was|were|are|has been|have been|had been|ended up|looks?|now|all|"
    r"completely|totally|really|badly|pretty|kind of|basically|just|partly|also)\s+){1,3}"
    rf"{_DAMAGE_PARTICIPLE}\b"
    rf"|\b{_THING}\s+(?:now\s+)?(?:has|have|had|got)\s+(?:\w+\s+){{0,3}}?"
    r"(?:marks?|stains?|holes?|streaks?|spots?|dents?|scratch\w*|cracks?|scorch\w*|patch\w*|"
    r"burns?|blisters?|bubbles?|edges?|damage|discolou?ration)\b"
    rf"|\bgot (?:my|the|our) (?:\w+\s+){{0,2}}?{_THING}\s+{_DAMAGE_PARTICIPLE}\b"
)
# Answers to "what was harmed?" that only name it.
_NAMED_THING_RE = re.compile(
    rf"\b(?:{_PROPERTY_OBJECTS}|things?|stuff|belongings|possessions|items?)\b", re.IGNORECASE
)
_NAMED_PERSON_RE = re.compile(
    r"\b(me|myself|i|son|daughter|kids?|child(ren)?|baby|wife|husband|partner|mom|mum|dad|"
    r"someone|somebody|people|person|a person|family member)\b",
    re.IGNORECASE,
)
_THING_DAMAGED_RE = re.compile(_THING_DAMAGED, re.IGNORECASE)
_PROPERTY_DAMAGE_RE = re.compile(
    r"\b(damag\w*|scorch\w*|ruin\w*|destroy\w*|flood\w*|stain\w*|singe\w*|warp\w*|"
    r"set fire to|set (my|the|our) \w+ on fire|burnt? down|smoke damage|water damage|property)\b"
    rf"|\b(burn\w*|melt\w*|broke|broken|smash\w*|crack\w*|shatter\w*|scratch\w*|dent\w*|"
    rf"soak\w*|leak\w*|spray\w*|splatter\w*|spatter\w*|coat\w*|drench\w*|blacken\w*|"
    rf"discolou?r\w*|bubbl\w*|fried|short\w* out)\b(\W+\w+){{0,5}}?\W+(?:{_PROPERTY_OBJECTS})\b"
    rf"|{_MARK_ON_THING}|{_THING_DAMAGED}",
    re.IGNORECASE,
)
# "melted my backpack", "ruined our new sofa": something of the customer's, not a body part or
# the product's own parts.
_DAMAGED_BELONGING_RE = re.compile(
    r"\b(burn\w*|melt\w*|scorch\w*|ruin\w*|destroy\w*|broke|smash\w*|crack\w*|shatter\w*|"
    r"fried|singe\w*|damag\w*|wreck\w*|stain\w*|soak\w*|blacken\w*|charr\w*)\s+"
    r"(my|our|his|her|their)\s+(\w+\s+){0,2}?(?P<thing>[a-z]+)\b",
    re.IGNORECASE,
)
_OWN_PARTS = frozenset(
    [
        "plug",
        "cord",
        "cable",
        "base",
        "lid",
        "handle",
        "battery",
        "casing",
        "case",
        "button",
        "switch",
        "wire",
        "element",
        "blade",
        "jar",
        "motor",
        "tray",
        "basket",
        "seal",
        "valve",
        "screen",
        "charger",
        "adapter",
        "fuse",
        "bulb",
        "cover",
        "glass",
        "bottom",
        "side",
        "top",
        "inside",
        "outside",
        "finish",
        "paint",
        "itself",
    ]
)
# What a defective product does.
_DEFECT_RE = re.compile(
    r"\b(overheat\w*|melt\w*|spark\w*|caught fire|catch\w* fire|on fire|explod\w*|burst\w*|"
    r"shatter\w*|crack\w*|leak\w*|short(ed|s|ing)?( out)?|smok\w*|swell\w*|swollen|"
    r"exploded|broke|snapp\w*|fell apart|came apart|came off|flew off|blew (off|up)|"
    r"stopped working|wouldn'?t (turn|switch) off|malfunction\w*|fault\w*|defect\w*|"
    r"(got|gets|became|was) (too |really |very )?hot|caught|ignit\w*|burn(ed|t|ing)? up)\b",
    re.IGNORECASE,
)
# Words whose misspellings ("brunt", "cought", "kitchn") still tell the harm.
_HARM_WORDS = (
    *(part for part in BODY_PARTS if len(part) >= 5),
    *("streak", "stain", "scorch", "blister", "scratch", "charred", "flames"),
    *("burned", "burnt", "burning", "caught", "melted", "scorched", "sparked", "exploded"),
    *("damaged", "destroyed", "ruined", "shattered", "kitchen", "counter", "countertop"),
    *("carpet", "curtains", "ceiling", "furniture", "cabinet", "table", "floor", "couch"),
)
_NOT_A_HARM_RE = re.compile(
    r"\b(arrived|came|delivered)\s+(already\s+)?(damaged|broken|cracked)\b|"
    r"\bdamaged (on|in) (arrival|delivery|transit|shipping)\b",
    re.IGNORECASE,
)
_INJURY_RE = re.compile(
    r"\b(hurt|injur\w*|wound\w*|bleed\w*|blood\w*|scald\w*|bruis\w*|fractur\w*|sprain\w*|"
    r"concussion|blister\w*|electrocuted|choked|choking|poison\w*|allergic reaction|rash|scar|"
    r"got (burn\w*|cut|shocked)|burn(ed|t)? (me|myself|him|her|them|us)|"
    r"cut (me|myself|him|her)|shocked me|electric shock)\b"
    # "burned my wrist", "cut her finger"
    r"|\b(burn\w*|cut|scald\w*|hurt|injur\w*|blister\w*|bruis\w*|sting\w*|zapp\w*|"
    r"shock\w*|sliced|gashed|nicked|singed|scorched|scraped|scratched)\s+(my|his|her|their|our|"
    r"the kid'?s|my \w+'s)\s+(left |right |upper |lower )?"
    rf"({'|'.join(BODY_PARTS)})\b"
    # "a nasty burn", not "a burn mark on the carpet" or "burns on the table"
    rf"|\b(a|the|nasty|bad|small|painful) burns?\b(?!\s+(marks?|holes?|spots?|stains?|patch)\b)"
    rf"(?!\s+(on|in|to|across|into) (the|my|our|his|her) (\w+ )?(?:{_PROPERTY_OBJECTS})\b)",
    re.IGNORECASE,
)
_NO_INJURY_RE = re.compile(
    r"\b(no ?one|nobody|noone|none of us)\s+(was\s+|got\s+|were\s+)?(hurt|injured)\b|"
    r"\bno (people|person|persons|humans?|one)\b(?! \w+ (hurt|injured))|"
    r"\b(wasn'?t|weren'?t|not|didn'?t get|without getting)\s+(hurt|injured)\b|\bno injur\w*|"
    r"\b(didn'?t|did not) (hurt|injure) (anyone|anybody|me|us)\b|"
    r"\b(we|i)('re| are|'m| am| were| was) (all )?(fine|ok|okay|unhurt|safe)\b",
    re.IGNORECASE,
)
_NO_PROPERTY_RE = re.compile(
    r"\bnothing (else )?(was |got )?(broke|broken|damaged|ruined|burn(ed|t))\b|"
    r"\bno (property |other )?damage\b|\b(didn'?t|did not) (damage|break|ruin|burn) anything"
    r"(?! else)\b|\b(only|just) (hurt |burned |burnt |cut |scalded )?(me|myself|"
    r"(my|his|her|their|our) (left |right )?(hand|arm|leg|finger|face|foot|skin|wrist|neck|"
    r"chest|back|thumb|head|ankle|knee|eye)s?)\b",
    re.IGNORECASE,
)

# ---- what the customer asks or says -------------------------------------------------------
_NON_ECONOMIC_RE = re.compile(
    r"\bpain (and|&|n) suffering\b|\bpunitive\b|\bemotional\b|\bmental anguish\b|"
    r"\bdistress\b|\btrauma\w*\b|\bcompensat\w* for (the |my )?(pain|stress|suffering|"
    r"anxiety|fear|shock)\b|\b(money|pay\w*) for (the |my )?(pain|stress|suffering|anxiety)\b",
    re.IGNORECASE,
)
_EMERGENCY_RE = re.compile(
    r"\b(is|are|'s|it'?s|still|now|currently)\s+(still\s+)?(on fire|burning|in flames)\b|"
    r"\bon fire (right )?now\b|\bfire is spreading\b|\b(smoke|flames) everywhere\b|"
    r"\b(smoking|sparking|sparks flying) (right )?now\b|\bstill (smoking|sparking)\b|"
    r"\b(can'?t|cannot|can not|unable to|isn'?t|is not|not|struggling to)\s+breath(e|ing)\b|"
    r"\b(is|are|'s)\s+(un(conscious|responsive)|not responding|choking|having a seizure|"
    r"passed out|bleeding (heavily|badly|a lot|everywhere))\b|"
    r"\b(won'?t|can'?t|doesn'?t|will not) stop bleeding\b|\bcall(ing)? (911|an ambulance)\b|"
    r"\bsmell(s|ing)? (gas|burning) (right )?now\b",
    re.IGNORECASE,
)
_CORRECTION_RE = re.compile(
    r"^\W*((oh|ah|um+|hmm+|ok(ay)?|er+m?),?\s+)?(actually|correction|oops|whoops|my (bad|mistake"
    r"|error)|wait|hang on|hold on|hold up|sorry(?!\s+(for|about|to|if|this|that this|it'?s))(?!\W*$))\b|"
    r"\b(sorry,?\s+)?i meant\b|\bi mean\b|\bshould (have )?(said|be|been)\b|\bscratch that\b|"
    r"\bi (made a mistake|was wrong|got (that|it) wrong|typed (it )?wrong|mis-?typed)\b|"
    r"\bactually\b|\bnot\s+\S+\s*,?\s*but\b|\bsorry,? (it|that)\b|\bcorrection\b|"
    r"\b(change|update|correct|fix) (the|my|that) [\w ]{0,20}\bto\b|"
    r",\s*not\s+(on\s+)?(the\s+)?\$?\d|\binstead of\b|\bnot\s+\$\d",
    re.IGNORECASE,
)
# "no, the 4th", "nope - $450", "no it was the 4th"; not "no injuries" or "no thanks".
_LEADING_NO_RE = re.compile(
    r"^\W*(no|nope|nah)\s*([,.!-]|\s(it|it's|its|that|i said|wait)\b)\s*\S", re.IGNORECASE
)
# ---- the account of what happened: the customer's words without greetings, requests to file,
# feelings, politeness or identity details ---------------------------------------------------
_SENTENCE_END_RE = re.compile(r"(?<=[.!?;])\s+|\n+|\s+-{1,2}\s+|\s+—\s+")
_NOT_STORY_RE = re.compile(
    r"^\W*(hi|hello|hey|hiya|howdy|good (morning|afternoon|evening|day)|greetings|dear [\w ]+?)"
    r"(\s+(there|team|all|folks|everyone|support))?\b\W*|"
    r"\b(i'?d like|i would like|i want|i wanna|i need|i'?m (here|writing|trying|looking)|"
    r"i'?m contacting you|please help me|help me|can you help me|can i|could i|how (do|can|should)"
    r" i|what (do|should) i (do|need to do)( now)?( to)?)\s*(to\s+)?(make|file|open|submit|start|"
    r"report|lodge|raise|put in|get|claim|do|begin)?\s*(a |an |my )?(new )?(claim|complaint|report|"
    r"compensation|refund|reimbursed|money back|paid)?\b( (about|for|regarding|because|over|on) "
    r"(this|that|it|a product|something))?\W*|"
    r"\b(is (this|that|it) (something )?(covered|claimable)|can i (claim|get) (for )?"
    r"(this|that|it|compensat\w*|money)[^.!?]*|what (are|is) my options)\W*|"
    r"\bthanks?( you)?( so much| a lot| in advance)?\b\W*|\bplease\b\W*|"
    r"\b(sorry|apologies) (for|about) (the |this |my )?(long|rambling|late|delay\w*|typos?|"
    r"message|essay|novel|rant)[\w ]*\W*|"
    r"\bhope (that|this) (helps|is useful|makes sense|is enough)\W*|"
    r"^\W*(ugh+|argh+|sigh|wow|oh( man| god| no)?|well|so|ok(ay)?|um+|anyway)\b\W*",
    re.IGNORECASE,
)
_FEELING_RE = re.compile(
    r"^\W*(i'?m|i am|i was|i feel|this is|this was|this has been|it'?s|it was|honestly|"
    r"really|so|this|that|it|which)?\s*(so |really |quite |very |pretty |honestly |just )*(upset|annoyed|stressed|"
    r"angry|frustrated|furious|shaken|scared|worried|disappointed|exhausted|tired|mad|"
    r"stressful|a nightmare|awful|terrible|horrible|ridiculous|unacceptable|not ok(ay)?|"
    r"(stressed|freaked|shook|shaken) (me )?(out|up))\b"
    r"[\w ',]*\W*$",
    re.IGNORECASE,
)
_IDENTITY_ONLY_RE = re.compile(
    r"^\W*((my |the )?(order( number| no\.?| id| #)?|e-?mail( address)?)\s*(is|was|:)?\s*"
    r"[\w@.\- ]*?)\W*$",
    re.IGNORECASE,
)
_REFERS_BACK_RE = re.compile(
    r"\b(as|like) i (said|told you|mentioned|wrote|explained)|\b(see|as|read) (above|before|"
    r"earlier)|\bi (already )?(told|said|explained|mentioned) (you|that|it|this)?\s*"
    r"(already|above|before|earlier)|\bas (told|said|mentioned|described|stated) "
    r"(above|before|earlier)|\bsame as (before|above)|\b(mentioned|said|told|described) "
    r"(above|earlier|before)\b",
    re.IGNORECASE,
)
# An account shorter than this tells nothing on its own ("it burned", "the cord melted"); as the
# answer to a description question it is enough.
MIN_STORY_WORDS = 4

_PURCHASE_BEFORE_RE = re.compile(
    r"\b(bought|ordered|purchased|delivered|arrived|received|got it)\b"
    r"(?:(?!\b(?:and|but|then|when|until|after)\b)[^.!?,;]){0,25}$",
    re.IGNORECASE,
)
_NEGATION_BEFORE_RE = re.compile(
    r"\b(didn'?t|did not|never|no need to|without|wasn'?t|not|no)\s+(\w+\s+){0,3}(the\s+|a\s+)?$",
    re.IGNORECASE,
)
_NO_TREATMENT_RE = re.compile(
    r"\b(didn'?t|did not) need (any )?(treatment|a doctor|medical)|\bnot treated\b|"
    r"\bno treatment\b",
    re.IGNORECASE,
)
_POSSESSIVE_RE = re.compile(r"^(my|his|her|their|our|your|'s|both|the|a|an)\s+", re.IGNORECASE)


# What to ask instead of guessing.
RANGE_DOUBT = (
    "I need one figure rather than a range or several: what is your best estimate of the total, "
    "in dollars?"
)
VAGUE_DATE_DOUBT = (
    'I need the day itself: roughly which date was it? For example "November 13" or "last Tuesday".'
)
# The amount question asked -> the loss a bare amount ("350", "none") answers.
# The harm each question is about: "that part doesn't apply" said to one rules that harm out.
HARM_ASKED = {
    "property_damage_description": "property_damage",
    "property_damage_amount": "property_damage",
    "injury_description": "injury",
    "injury_treatment": "injury",
    "medical_costs": "injury",
    "lost_earnings": "injury",
}
_NOT_APPLICABLE_RE = re.compile(
    r"\b(doesn'?t|does not|don'?t|do not) apply\b|\bnot (applicable|relevant)\b|\birrelevant\b|"
    r"\bnot (part of|in) (my|this) claim\b|\bno such (thing|damage|injury)\b",
    re.IGNORECASE,
)
# "n/a" to a description question: there is nothing to describe.
_NOTHING_TO_TELL_RE = re.compile(r"^\W*(n/?a|none|nothing|no|nope|nah)\W*$", re.IGNORECASE)
ASKED_LOSS = {
    "property_damage_amount": "property_damage",
    "medical_costs": "medical",
    "lost_earnings": "lost_earnings",
}


def facts_in_message(
    text: str, entities: list[dict], today: date, asked: str | None = None
) -> MessageFacts:
    """Every claim fact in one customer message; `entities` is Rasa's parse-data entity list and
    `asked` the question the message answers (a slot name), if any."""
    text = text or ""
    mentions = _mentions(text, entities)
    by_label = {label: [m for m in mentions if m.label == label] for label in ENTITY_LABELS}
    asked_loss = ASKED_LOSS.get(asked or "")
    money = [m for m in by_label[MONEY] if not _measures_something_else(text, m)]
    if asked_loss:
        # Where an amount is asked, a bare number is one too ("350, and $200 for stitches").
        money = sorted([*money, *_bare_amounts(text, mentions, any_number=True)], key=_start)
    else:
        money = money or _bare_amounts(text, mentions, any_number=False)
    ranged = {index for index, mention in enumerate(money) if _in_range(text, mention)}
    amounts, replaced, several = _amounts_by_loss(
        text, [m for i, m in enumerate(money) if i not in ranged], by_label[PRODUCT]
    )
    is_correction = bool(
        _CORRECTION_RE.search(text) or (bool(mentions) and _LEADING_NO_RE.search(text))
    )
    if asked_loss and not is_correction and "unassigned" in amounts:
        # The bare answer to the amount question asked.
        unassigned = amounts.pop("unassigned")
        amounts[asked_loss] = amounts.get(asked_loss, Decimal("0.00")) + unassigned
    if not money and _NONE_ANSWER_RE.search(text):
        nothing_of = asked_loss or _only_loss_named(text)
        if nothing_of:
            amounts.setdefault(nothing_of, Decimal("0.00"))
    treatment = _treatment(text, by_label[TREATMENT], asked == "injury_treatment")
    body_parts = _unique(_strip_possessive(m.value) for m in by_label[BODY_PART])
    incident_date = _incident_date(text, by_label[DATE], today)
    vague_date = incident_date is None and bool(_VAGUE_DATE_RE.search(text))
    if asked == "incident_date" and incident_date is None and not vague_date and not money:
        # Words the rules leave alone ("the thirteenth"), but never an amount ("it was $90").
        incident_date = parsing.parse_incident_date(text, today)
    spelled = _spelled(text)
    harm_text = _NOT_A_HARM_RE.sub(" ", spelled)
    # "photos of the damage" said while another question is asked adds no kind of harm; the
    # first message and the answer to "property damage, an injury, or both?" may say it so.
    kinds, ruled_out = _harm_kinds(
        harm_text,
        amounts,
        treatment,
        body_parts,
        named_is_harmed=asked == "harm_kind",
        generic_counts=asked in (None, "harm_kind"),
    )
    harm_asked = HARM_ASKED.get(asked or "")
    if (
        harm_asked
        and harm_asked not in kinds
        and (
            _NOT_APPLICABLE_RE.search(text)
            or (asked.endswith("_description") and _NOTHING_TO_TELL_RE.match(text))
        )
    ):
        ruled_out |= {harm_asked}
    return MessageFacts(
        # The parsers also read forms the rules leave alone ("112 1234567 1234567").
        order_id=_first(parsing.parse_order_id(m.value) for m in by_label[ORDER_ID])
        or parsing.parse_order_id(text),
        customer_email=_first(parsing.parse_email(m.value) for m in by_label[EMAIL])
        or parsing.parse_email(text),
        claim_reference=parsing.parse_claim_reference(text),
        incident_date=incident_date,
        property_damage_amount=amounts.get("property_damage"),
        medical_costs=amounts.get("medical"),
        lost_earnings=amounts.get("lost_earnings"),
        unassigned_amount=amounts.get("unassigned"),
        injury_treatment=treatment,
        harm_kinds=kinds,
        body_parts=body_parts,
        products=_unique(
            _strip_possessive(m.value)
            for m in by_label[PRODUCT]
            if not _NOT_THIS_ONE_RE.search(text[: m.start])
        ),
        non_economic=bool(_NON_ECONOMIC_RE.search(text)),
        emergency=bool(_EMERGENCY_RE.search(text)),
        is_correction=is_correction,
        replaced_amounts=replaced,
        ruled_out_harms=ruled_out,
        account=_account(text),
        refers_back=bool(_REFERS_BACK_RE.search(text)),
        tells_defect=bool(_DEFECT_RE.search(spelled)),
        tells_harm=_tells_harm(harm_text),
        doubt=RANGE_DOUBT
        if (ranged or several) and not amounts
        else VAGUE_DATE_DOUBT
        if vague_date and asked == "incident_date"
        else None,
    )


def facts_amount(facts: MessageFacts, slot: str) -> Decimal | None:
    """The amount a message gives the amount question `slot`."""
    return {
        "property_damage_amount": facts.property_damage_amount,
        "medical_costs": facts.medical_costs,
        "lost_earnings": facts.lost_earnings,
    }[slot]


def _mentions(text: str, entities: list[dict[str, Any]]) -> list[_Mention]:
    """Rasa's entities, plus the rules' own for every label Rasa reported none of."""
    given = [_mention(text, entity) for entity in entities or []]
    given = [m for m in given if m is not None and m.label in ENTITY_LABELS]
    reported = {m.label for m in given}
    missing = set(ENTITY_LABELS) - reported
    own = [_mention(text, e) for e in entities_in(text) if e["entity"] in missing] if text else []
    return sorted((m for m in [*given, *own] if m is not None), key=lambda m: m.start)


def _mention(text: str, entity: dict[str, Any]) -> _Mention | None:
    value = entity.get("value")
    if not isinstance(value, str) or not value:
        return None
    start, end = entity.get("start"), entity.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        # Without offsets, find the value in the text (or place it at the end).
        found = text.find(value)
        start, end = (found, found + len(value)) if found >= 0 else (len(text), len(text))
    return _Mention(str(entity.get("entity")), value, start, end)


def _start(mention: _Mention) -> int:
    return mention.start


def _first(values: Iterable[Any]) -> Any:
    return next((value for value in values if value is not None), None)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value))


def _strip_possessive(value: str) -> str:
    return _POSSESSIVE_RE.sub("", value.strip()).lower()


# "the heater, not the kettle", "the kettle rather than the toaster": the one not meant.
_NOT_THIS_ONE_RE = re.compile(
    r"(\bnot|n't|\bnever|\brather than|\binstead of|\bother than)\s+(it\s+was\s+|that\s+|the\s+|my\s+|"
    r"a\s+|an\s+|this\s+)*$",
    re.IGNORECASE,
)
# A weekday said with its week: "Thursday of last week", "last week on Thursday".
_WEEK_BEFORE_AFTER_RE = re.compile(
    r"\s*,?\s*(of\s+|in\s+)?(?P<week>last week|the week before|before last)\b", re.IGNORECASE
)
_WEEK_BEFORE_BEFORE_RE = re.compile(
    r"\b(?P<week>last week|the week before),?(\s+on)?\s+$", re.IGNORECASE
)


def _incident_date(text: str, mentions: list[_Mention], today: date) -> date | None:
    """The first date that is not when the product was bought or delivered."""
    dates = []
    for mention in mentions:
        ahead = re.search(r"\b(next|coming)\s+$", text[: mention.start], re.IGNORECASE)
        week_before = _WEEK_BEFORE_AFTER_RE.match(text[mention.end :]) or (
            _WEEK_BEFORE_BEFORE_RE.search(text[: mention.start])
        )
        said = f"next {mention.value}" if ahead else mention.value
        if week_before:
            said = f"{said} {week_before.group('week')}"
        day = parsing.parse_incident_date(said, today)
        if day is not None and not parsing.COUNTED_AFTER_RE.match(text[mention.end :]):
            about_purchase = bool(_PURCHASE_BEFORE_RE.search(text[: mention.start]))
            dates.append((about_purchase, day))
    incident = [day for about_purchase, day in dates if not about_purchase]
    return incident[0] if incident else None


# A number standing alone, where an amount is asked: "350", "1,200.50", "1.2k".
_ANY_NUMBER_RE = re.compile(r"(?<![\w.,/])(\$?\s?\d[\d,]*(?:\.\d{1,2})?(?:\s?[kK]\b)?)(?![\w/])")


def _bare_amounts(text: str, mentions: list[_Mention], *, any_number: bool) -> list[_Mention]:
    """Numbers that can only be money, outside every other entity: after a cue ("it cost 300")
    or, where an amount is asked (`any_number`), any number that measures nothing else."""
    pattern = _ANY_NUMBER_RE if any_number else _BARE_AMOUNT_RE
    found = [
        _Mention(MONEY, match.group(1), match.start(1), match.end(1))
        for match in pattern.finditer(text)
        if not any(m.start <= match.start(1) < m.end for m in mentions)
    ]
    return [m for m in found if not _measures_something_else(text, m)]


def _measures_something_else(text: str, mention: _Mention) -> bool:
    """ "6 qt", "1500W", "2 nights", "model 200", "X200", "I have 2": a size, a count or a name."""
    if re.search(r"[$]|dollar|buck|usd", mention.value, re.IGNORECASE):
        return False
    return bool(
        _UNIT_AFTER_RE.match(text[mention.end :])
        or _MODEL_BEFORE_RE.search(text[max(0, mention.start - 12) : mention.start])
        or (
            _COUNT_BEFORE_RE.search(text[: mention.start])
            and re.fullmatch(r"\d{1,2}", mention.value.strip())
            and not _MONEY_AFTER_RE.match(text[mention.end :])
        )
    )


def _in_range(text: str, mention: _Mention) -> bool:
    """ "between $300 and $400", "$300-400", "300 to 400": one end of a range."""
    after = re.match(r"\s*(-|–|—|to|or|and)\s*\$?\s*\d", text[mention.end :], re.IGNORECASE)
    before = re.search(r"\d\s*(-|–|—|to|or)\s*\$?\s*$", text[: mention.start], re.IGNORECASE)
    left = text[: mention.start]
    if after and after.group(1).lower() == "and":
        return bool(_RANGE_BETWEEN_RE.search(left))
    second_of_between = re.search(
        r"\b(between|from)\s*(about|around|roughly)?\s*\$?\s*\d[\d,.]*\s*[kK]?\s*(and|to|-)\s*\$?\s*$",
        left,
        re.IGNORECASE,
    )
    return bool(after or before or second_of_between or _RANGE_BETWEEN_RE.search(left))


def _amounts_by_loss(
    text: str, money: list[_Mention], products: list[_Mention]
) -> tuple[dict[str, Decimal], tuple[Decimal, ...], bool]:
    """Each amount under the loss its nearest cue word names; amounts for one loss add up.

    A product price ("the $89 heater") is no loss and is left out; an amount the customer takes
    back ("$450, not $400") too, and is returned as replaced. An amount without any cue is
    `unassigned`; several different ones ("300 or maybe 350") are a doubt (the last value).
    """
    totals: dict[str, Decimal] = {}
    replaced: list[Decimal] = []
    unassigned: list[Decimal] = []
    for index, mention in enumerate(money):
        amount = parsing.parse_amount(mention.value)
        if amount.value is None:
            continue
        if _NEGATED_AMOUNT_RE.search(text[: mention.start]):
            replaced.append(amount.value)
            continue
        negative = amount.negative or re.search(r"(-|−|\bminus)\s*$", text[: mention.start])
        value = -amount.value if negative else amount.value  # refused by the form
        left_edge = money[index - 1].end if index else 0
        right_edge = money[index + 1].start if index + 1 < len(money) else len(text)
        left = text[max(left_edge, mention.start - _CUE_WINDOW) : mention.start]
        right = text[mention.end : min(right_edge, mention.end + _CUE_WINDOW)]
        loss = _nearest_cue(left, right, mention, products)
        if loss == "price":
            continue
        if loss is None:
            unassigned.append(value)
        else:
            totals[loss] = totals.get(loss, Decimal("0.00")) + value
    if len(set(unassigned)) == 1:
        totals["unassigned"] = unassigned[0]
    return totals, tuple(replaced), len(set(unassigned)) > 1


def _only_loss_named(text: str) -> str | None:
    """The one loss a message names ("I didn't miss any work"), or None."""
    named = {loss for loss, cue in _AMOUNT_CUES if loss != "price" and cue.search(text)}
    return named.pop() if len(named) == 1 else None


def _nearest_cue(left: str, right: str, mention: _Mention, products: list[_Mention]) -> str | None:
    distances: list[tuple[int, str]] = []
    for loss, cue in _AMOUNT_CUES:
        distances += [(len(left) - m.end(), loss) for m in cue.finditer(left)]
        distances += [(m.start(), loss) for m in cue.finditer(right)]
    # "the $89 kettle": an amount right before or after a product is its price.
    for product in products:
        if 0 <= product.start - mention.end <= 2 or 0 <= mention.start - product.end <= 6:
            distances.append((0, "price"))
    return min(distances)[1] if distances else None


def _treatment(text: str, mentions: list[_Mention], asked: bool) -> str | None:
    """The most serious treatment the message names and does not negate (`asked`: the message
    answers the treatment question, so its words alone may name it: "iced it, that's all")."""
    levels, negated = [], False
    for mention in mentions:
        level = parsing.parse_treatment(mention.value)
        if level is None:
            continue
        if level != "none" and _NEGATION_BEFORE_RE.search(text[: mention.start]):
            negated = True
            continue
        levels.append(level)
    whole = parsing.parse_treatment(text)
    if whole == "hospitalized" or (asked and whole is not None and not levels):
        # A hospital stay is told in a phrase ("two nights in hospital"), not one word.
        levels.append(whole)
    if levels:
        return max(levels, key=parsing.TREATMENT_LEVELS.index)
    if negated or _NO_TREATMENT_RE.search(text):
        return "none"
    return None


def _harm_kinds(
    harm_text: str,
    amounts: dict[str, Decimal],
    treatment: str | None,
    body_parts: tuple[str, ...],
    *,
    named_is_harmed: bool = False,
    generic_counts: bool = True,
) -> tuple[frozenset[str], frozenset[str]]:
    """The kinds of harm the message (`harm_text`: spelled right, "arrived damaged" left out)
    tells, and those it rules out ("nobody got hurt"). `named_is_harmed`: asked what was harmed,
    naming a thing ("only the carpet") or a person ("my son") tells the kind;
    `generic_counts`: "the damage", "I got hurt" tell one too."""
    kinds, ruled_out = set(), set()
    property_text, injury_text = _harm_texts(harm_text, generic_counts=generic_counts)
    if (
        (named_is_harmed and _NAMED_THING_RE.search(property_text))
        or amounts.get("property_damage")
        or _property_damage_told(property_text)
    ):
        kinds.add("property_damage")
    elif _NO_PROPERTY_RE.search(harm_text):
        ruled_out.add("property_damage")
    if (
        (named_is_harmed and _NAMED_PERSON_RE.search(injury_text))
        or _injury_told(injury_text)
        or amounts.get("medical")
        or amounts.get("lost_earnings")
        or treatment not in (None, "none")
        or (body_parts and not _NO_INJURY_RE.search(harm_text))
    ):
        kinds.add("injury")
    elif _NO_INJURY_RE.search(harm_text):
        ruled_out.add("injury")
    return frozenset(kinds), frozenset(ruled_out)


def _harm_texts(harm_text: str, *, generic_counts: bool) -> tuple[str, str]:
    """The text read for property damage and for an injury: without what it rules out ("nothing
    else broke", "nobody got hurt") and, unless `generic_counts`, without words that only say
    there was harm ("the damage", "I got hurt")."""
    property_text = _NO_PROPERTY_RE.sub(" ", harm_text)
    injury_text = _NO_INJURY_RE.sub(" ", harm_text)
    if generic_counts:
        return property_text, injury_text
    return _GENERIC_HARM_RE.sub(" ", property_text), _GENERIC_HARM_RE.sub(" ", injury_text)


def _property_damage_told(property_text: str) -> bool:
    return bool(_PROPERTY_DAMAGE_RE.search(property_text)) or any(
        match.group("thing").lower() not in _OWN_PARTS | _BODY_PART_WORDS
        for match in _DAMAGED_BELONGING_RE.finditer(property_text)
    )


def _injury_told(injury_text: str) -> bool:
    # "my couch got burned" is no injury
    return bool(_INJURY_RE.search(_THING_DAMAGED_RE.sub(" ", injury_text)))


def _spelled(text: str) -> str:
    """The text with typos of the harm words spelled right ("bruned" -> "burned", "scorchd" ->
    "scorched"): one letter added, dropped or changed, or two neighbours swapped ("rinsed" is
    two edits from "ruined": no typo)."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0).lower()
        if word in _HARM_WORDS:
            return match.group(0)
        close = process.extractOne(word, _HARM_WORDS, scorer=OSA.distance, score_cutoff=1)
        if not close or _same_stem(word, close[0]):
            return match.group(0)  # "burns", "tables": another form of the word, no typo
        return close[0]

    return re.sub(r"[A-Za-z]{5,}", fix, text)


# Words that say there was harm but not what it was: "I got hurt", "property damage".
_GENERIC_HARM_RE = re.compile(
    r"\b(property( damage\w*)?|damage[sd]?|damaging|harm\w*|injur(y|ies)|"
    r"((got|was|were|been|get) )?(hurt|injured))\b(?!\s+(my|his|her|their|our|the|a|an)\s)",
    re.IGNORECASE,
)


def _same_stem(word: str, other: str) -> bool:
    return word.startswith(other) or other.startswith(word) or word[:-1] == other[:-1]


def _tells_harm(harm_text: str) -> bool:
    """Says what the harm was ("scorched the rug", "burned my hand"), not only that there was
    some ("I got hurt", "property damage") or none."""
    property_text, injury_text = _harm_texts(harm_text, generic_counts=False)
    return _property_damage_told(property_text) or _injury_told(injury_text)


def _tells_what_happened(text: str) -> bool:
    return bool(
        _DEFECT_RE.search(text) or _PROPERTY_DAMAGE_RE.search(text) or _INJURY_RE.search(text)
    )


def _account(text: str) -> str:
    """The message's own words about what happened: each sentence without greetings, requests
    to file, politeness and feelings; sentences that only give the order or email left out."""
    kept = []
    for sentence in _SENTENCE_END_RE.split(text.strip()):
        cleaned, previous = sentence, None
        while cleaned != previous:  # "Hi, ugh, I'd like to file a claim" takes a few passes
            previous, cleaned = cleaned, _NOT_STORY_RE.sub(" ", cleaned).strip(" ,;:-")
        cleaned = re.sub(r"\s{2,}", " ", cleaned)
        if not re.search(r"[A-Za-z]{2,}", cleaned) or _FEELING_RE.match(cleaned):
            continue
        if cleaned.endswith("?") and not _tells_what_happened(cleaned):
            continue  # "What's the process for getting compensated?"
        if _IDENTITY_ONLY_RE.match(cleaned) and (
            parsing.parse_order_id(cleaned) or parsing.parse_email(cleaned)
        ):
            continue
        kept.append(cleaned)
    return " ".join(kept)
