"""The words of the demo program: its employers by kind of work, job templates, seeker profiles, names.

Hand-written to read like a real IPS team's records in Minneapolis-Saint Paul; service/demo/generate.py draws
from these with a fixed seed.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

CONTACTS_FROM, CONTACTS_TO = dt.date(2026, 9, 1), dt.date(2026, 11, 20)
RAPID_DAYS = 30  # DOMAIN.md: first face-to-face employer contact within 30 days of entry
SPECIALISTS = ("Dana K.", "Luis M.", "Priya S.")
JOB_DEVELOPER = "Renee T."

NEIGHBORHOODS = (  # (name, lat, lon), all within ~14 km of downtown Minneapolis (44.97, -93.26)
    ("Downtown Minneapolis", 44.9778, -93.2650), ("North Loop", 44.9870, -93.2760), ("Northeast", 45.0010, -93.2530),
    ("Uptown", 44.9490, -93.2980), ("Powderhorn", 44.9480, -93.2550), ("Phillips", 44.9560, -93.2630),
    ("Longfellow", 44.9390, -93.2210), ("Seward", 44.9620, -93.2350), ("Dinkytown", 44.9800, -93.2360),
    ("Camden", 45.0450, -93.2900), ("Near North", 44.9900, -93.2950), ("Nokomis", 44.9130, -93.2400),
    ("Midway", 44.9560, -93.1670), ("Frogtown", 44.9590, -93.1250), ("Como", 44.9800, -93.1500),
    ("Downtown Saint Paul", 44.9490, -93.0930), ("Richfield", 44.8830, -93.2830), ("St. Louis Park", 44.9480, -93.3480),
    ("Columbia Heights", 45.0400, -93.2630), ("Roseville", 45.0060, -93.1560), ("Bloomington", 44.8600, -93.2800),
)


class Kind(NamedTuple):
    """A kind of work: who we meet there, its employers (name, industry), what they tend to say they need, and
    job templates (title, description, hours_min, hours_max, shifts, wage). Branches: chains with several stores."""

    key: str
    roles: tuple[str, ...]
    employers: tuple[tuple[str, str], ...]
    needs: tuple[str, ...]
    jobs: tuple[tuple[str, str, int, int, str, float], ...]
    branches: bool = False


KINDS = (
    Kind("restaurant", ("kitchen manager", "owner", "general manager"),
         (("Lakeside Diner", "restaurant"), ("Cedar Avenue Grill", "restaurant"), ("Lyndale Pho House", "restaurant"),
          ("Mill City Pizza Kitchen", "restaurant")),
         ("two dishwashers for weekday lunch", "a prep cook who can start at 7 am", "weekend brunch help",
          "bussers for Friday and Saturday nights", "someone steady for early mornings, no experience needed"),
         (("Dishwasher", "Wash dishes and pots and keep up with the lunch rush.", 15, 25, "day", 16.5),
          ("Prep cook", "Chop vegetables and portion sauces before service.", 20, 30, "morning day", 17.5),
          ("Line cook", "Cook grill and fryer orders; we teach you the menu.", 25, 35, "day evening", 19.0),
          ("Busser", "Clear and reset tables and refill water. Shared tips.", 10, 20, "evening weekend", 16.0),
          ("Host", "Greet guests, keep the waitlist and seat tables.", 12, 20, "evening weekend", 16.25))),
    Kind("cafe", ("owner", "shift lead", "head baker"),
         (("Birchwood Corner Cafe", "cafe"), ("Second Shift Coffee", "coffee shop"),
          ("Franklin Street Bakery", "bakery")),
         ("an early baker's helper, 5 am start", "counter help for the morning rush",
          "someone who likes routine to run the dish station"),
         (("Barista", "Make espresso drinks and keep the counter stocked.", 12, 24, "morning weekend", 16.0),
          ("Counter attendant", "Ring up orders, bag pastries and wipe tables.", 10, 20, "morning day", 16.0),
          ("Baker's assistant", "Scale ingredients and shape dough before we open.", 15, 25, "morning", 17.0),
          ("Dishwasher", "Wash sheet pans, bowls and cups in a small, calm kitchen.", 10, 20, "day", 16.25))),
    Kind("fast_food", ("restaurant manager", "shift manager"),
         (("Northern Burger Co.", "fast food"), ("Quick Taco", "fast food")),
         ("crew for every shift, will train", "closers who can stay until midnight",
          "breakfast crew at the Lake Street store"),
         (("Crew member", "Take orders, work the grill and clean the dining room.", 15, 30, "day evening", 16.5),
          ("Breakfast crew", "Open the store and make breakfast orders; 5:30 am start.", 15, 25, "morning", 16.5),
          ("Drive-thru attendant", "Take orders on a headset and hand out food.", 15, 25, "day evening", 16.25),
          ("Closing crew", "Clean the kitchen and dining room after close.", 12, 20, "evening night", 17.5),
          ("Shift lead", "Run a shift of four to six crew and count the drawer.", 32, 40, "day evening", 19.5)),
         branches=True),
    Kind("grocery", ("store manager", "hiring manager", "department lead"),
         (("Harvest Co-op Market", "grocery"), ("Midway Fresh Foods", "grocery"), ("Corner Basket Grocery", "grocery")),
         ("overnight stockers for the new store", "cart attendants, any experience",
          "a produce clerk who likes mornings",
          "cashiers for evenings and weekends"),
         (("Stocker", "Unload the morning truck and face shelves in dry goods.", 15, 25, "morning", 16.75),
          ("Cart attendant", "Bring in carts and help carry groceries.", 10, 20, "day weekend", 16.25),
          ("Cashier", "Ring up and bag orders at a neighbourhood store.", 15, 28, "day evening weekend", 16.5),
          ("Produce clerk", "Trim, rotate and stack fruit and vegetables.", 15, 25, "morning day", 17.0),
          ("Deli clerk", "Slice meat and cheese to order and pack salads.", 15, 25, "day evening", 17.25),
          ("Overnight stocker", "Restock the whole store with a small night crew.", 30, 40, "night", 19.0)),
         branches=True),
    Kind("retail", ("store manager", "owner"),
         (("Second Chance Thrift", "thrift store"), ("Lake Street Hardware", "hardware store"),
          ("North Loop Books & Gifts", "bookstore")),
         ("donation sorters on weekday mornings", "a floor helper who knows tools or wants to learn",
          "holiday help for gift wrapping"),
         (("Donation sorter", "Sort and price donated clothes and housewares.", 15, 25, "morning day", 16.0),
          ("Sales associate", "Help shoppers find what they need and restock the floor.", 15, 25, "day weekend", 16.5),
          ("Stock associate", "Receive deliveries, price items and keep the back room tidy.", 15, 25, "morning", 16.5),
          ("Cashier", "Run the register and wrap gifts in the holiday season.", 10, 20, "day evening weekend", 16.0)),
         branches=True),
    Kind("janitorial", ("operations manager", "site supervisor", "building engineer"),
         (("Twin Cities Building Services", "janitorial"), ("Brightway Commercial Cleaning", "janitorial"),
          ("Stone Arch Property Management", "building maintenance"), ("Metro Clean Team", "janitorial")),
         ("evening cleaners for downtown offices", "a porter for weekday days", "a maintenance helper who can paint",
          "someone steady for early mornings, no experience needed"),
         (("Office cleaner", "Vacuum, empty trash and clean restrooms after hours.", 15, 25, "evening", 17.5),
          ("Day porter", "Keep lobbies, elevators and restrooms clean during the day.", 20, 30, "day", 17.0),
          ("Maintenance helper", "Paint, patch walls and change bulbs with the engineer.", 20, 32, "day", 20.0),
          ("Floor care technician", "Strip, wax and buff floors with a two-person crew.", 20, 30, "night", 19.0),
          ("Janitor", "Clean a school building before students arrive.", 15, 25, "morning", 17.25))),
    Kind("warehouse", ("warehouse supervisor", "HR coordinator", "site manager"),
         (("Northstar Distribution", "warehouse and distribution"), ("Midway Logistics Center", "warehouse"),
          ("Great River Food Distributors", "food distribution"), ("Parcel Point Fulfillment", "warehouse")),
         ("pickers and packers for the holiday peak", "forklift drivers, will certify",
          "a day-shift receiver who double-checks counts"),
         (("Picker packer", "Pick items with a handheld scanner and pack orders.", 20, 30, "day", 18.0),
          ("Receiving clerk", "Check in deliveries, count cases and print labels.", 25, 40, "morning day", 19.0),
          ("Forklift operator", "Move pallets in a cold warehouse; we pay for certification.", 32, 40, "day", 21.0),
          ("Inventory counter", "Count stock on the shelves and enter counts on a tablet.", 10, 20, "morning", 17.5),
          ("Trailer loader", "Load outbound trailers; lifting up to 50 pounds.", 20, 30, "evening night", 19.5))),
    Kind("animal", ("shelter manager", "owner", "practice manager"),
         (("Northside Animal Shelter", "animal shelter"), ("Happy Tails Kennel", "kennel and dog daycare"),
          ("Sudsy Paws Grooming", "pet grooming"), ("Como Park Veterinary Clinic", "veterinary clinic")),
         ("kennel help on weekday mornings", "dog walkers for the afternoon", "a bather who is calm with nervous dogs",
          "someone to clean exam rooms and do laundry"),
         (("Kennel assistant", "Clean kennels, feed and walk dogs.", 15, 20, "morning", 16.5),
          ("Dog walker", "Walk dogs on set routes around the park.", 10, 15, "day", 16.0),
          ("Dog daycare attendant", "Watch play groups and keep the play yard clean.", 15, 25, "day weekend", 16.5),
          ("Dog bather", "Bathe and dry dogs before the groomer cuts them.", 15, 25, "day", 16.75),
          ("Veterinary kennel technician", "Clean exam rooms and hold pets.", 20, 30, "morning day", 17.5))),
    Kind("landscaping", ("crew foreman", "owner"),
         (("Green Thumb Landscaping", "landscaping"), ("Minnehaha Grounds Care", "grounds maintenance"),
          ("Cityscape Lawn & Snow", "landscaping and snow removal")),
         ("a grounds crew for the fall cleanup", "snow shovelers on call this winter", "a nursery helper for watering"),
         (("Grounds crew", "Rake leaves, trim shrubs and haul brush.", 20, 30, "morning day", 18.5),
          ("Snow removal crew", "Shovel and salt sidewalks after snowfalls; on call.", 10, 25, "night morning", 20.0),
          ("Garden center helper", "Water plants, pot perennials and carry orders.", 15, 25, "day weekend", 16.5),
          ("Mower operator", "Run a ride-on mower on park and office lawns.", 25, 35, "day", 19.0))),
    Kind("hotel", ("executive housekeeper", "HR manager", "front office manager"),
         (("Nicollet Mall Hotel", "hotel"), ("Riverfront Inn & Suites", "hotel"), ("Airport Gateway Hotel", "hotel")),
         ("room attendants for weekends", "a houseperson to restock carts", "laundry attendants for the early shift"),
         (("Room attendant", "Clean and reset guest rooms, a set number per shift.", 20, 32, "day weekend", 18.0),
          ("Houseperson", "Restock housekeeping carts, carry linen and clean halls.", 20, 30, "morning day", 17.5),
          ("Hotel laundry attendant", "Wash, dry and fold hotel linen.", 15, 25, "morning", 17.25),
          ("Banquet setup", "Set up tables and chairs for meetings and weddings.", 10, 25, "evening weekend", 17.5),
          ("Front desk agent", "Check guests in and out and answer the phone.", 25, 35, "evening", 18.5),
          ("Overnight cleaner", "Clean the lobby, pool and fitness room overnight.", 24, 32, "night", 19.0)),
         branches=True),
    Kind("hospital", ("food service supervisor", "environmental services manager", "recruiter"),
         (("Riverside Medical Center", "hospital dietary services"),
          ("Midway Community Hospital", "hospital environmental services")),
         ("tray line workers for the dinner meal", "environmental services aides for all shifts",
          "dish room help on weekends"),
         (("Dietary aide", "Set up meal trays and deliver them to the floors.", 16, 24, "day evening", 18.0),
          ("Tray line worker", "Portion food onto trays for the dinner meal.", 16, 24, "evening", 18.0),
          ("Dish room attendant", "Run the dish machine in the main kitchen.", 16, 24, "evening weekend", 17.75),
          ("Environmental services aide", "Clean rooms and halls to hospital standards.", 24, 40, "day evening", 19.5),
          ("Linen attendant", "Deliver clean linen carts to each floor.", 20, 30, "morning", 18.5),
          ("Cafeteria cashier", "Run the register in the staff and visitor cafeteria.", 16, 24, "day", 17.75))),
    Kind("laundry", ("plant manager", "owner"),
         (("Clean Sweep Laundry Services", "commercial laundry"), ("Northeast Wash & Fold", "laundromat")),
         ("folders for the morning shift", "a route helper to load linen carts"),
         (("Laundry folder", "Fold towels and sheets at a steady pace.", 15, 30, "morning day", 17.0),
          ("Wash and fold attendant", "Wash, dry and fold drop-off orders.", 10, 25, "day weekend", 16.0),
          ("Linen sorter", "Sort linen by type before washing.", 20, 30, "morning", 17.25))),
    Kind("auto", ("owner", "shop manager"),
         (("Shine On Auto Detailing", "auto detailing"), ("Lake Street Car Wash", "car wash"),
          ("Twin Lakes Auto Spa", "auto detailing")),
         ("detailers who notice small things", "car wash attendants for weekends",
          "someone who likes cars to prep the lot"),
         (("Auto detailer", "Vacuum, shampoo and polish cars inside and out.", 20, 35, "day", 18.0),
          ("Car wash attendant", "Guide cars onto the track and towel-dry them.", 10, 25, "day weekend", 16.0),
          ("Lot attendant", "Move, wash and line up cars on the lot.", 15, 25, "morning day", 17.0))),
    Kind("office", ("office manager", "owner", "operations lead"),
         (("Hennepin Avenue Insurance Agency", "insurance office"), ("Loring Park Property Office", "office"),
          ("Metro Mailing Services", "mail and document services")),
         ("a part-time receptionist who is good on the phone", "data entry help for a scanning project",
          "mailroom help for big mailings"),
         (("Receptionist", "Answer phones, greet visitors and book appointments.", 20, 30, "day", 18.0),
          ("Data entry clerk", "Enter forms into our system accurately; quiet office.", 15, 25, "day", 18.5),
          ("Mailroom clerk", "Fold, stuff and meter large mailings.", 15, 30, "morning day", 17.0),
          ("Document scanning clerk", "Scan and index paper files for a records project.", 20, 30, "day", 18.0),
          ("File clerk", "File and pull records and keep the file room in order.", 10, 20, "day", 17.0))),
    Kind("library", ("branch manager", "staffing coordinator"),
         (("Northeast Community Library", "public library"), ("Midway Branch Library", "public library")),
         ("library pages to shelve returns", "a weekend aide for the children's room"),
         (("Library page", "Shelve returned books in call-number order.", 10, 15, "day evening", 16.5),
          ("Library aide", "Check materials in and out and help at the front desk.", 15, 20, "day weekend", 18.0),
          ("Book sale sorter", "Sort donated books for the Friends of the Library sale.", 10, 15, "day", 16.0))),
    Kind("peer", ("program director", "peer supervisor"),
         (("Open Door Peer Center", "peer support"), ("Northside Community Connections", "peer support")),
         ("a peer specialist who speaks Spanish", "a drop-in center host for afternoons"),
         (("Peer support specialist", "Meet members one-on-one and lead a weekly group.", 20, 32, "day", 20.0),
          ("Drop-in center host", "Welcome visitors and run the activity room.", 12, 20, "day evening", 17.0),
          ("Outreach assistant", "Staff our table at community events.", 10, 20, "day weekend", 17.5))),
    Kind("childcare", ("center director", "assistant director"),
         (("Little Sprouts Learning Center", "childcare"), ("Sunny Day Child Care", "childcare"),
          ("Powderhorn Kids Club", "after-school program")),
         ("classroom aides for the afternoon", "a cook's helper for snacks and lunch", "floaters who can cover breaks"),
         (("Classroom aide", "Help a lead teacher with toddlers: play, meals, clean-up.", 20, 30, "day", 17.5),
          ("Childcare cook's helper", "Prepare snacks and lunch for sixty children.", 15, 25, "morning day", 17.0),
          ("After-school aide", "Help with homework, games and snack.", 12, 20, "day", 17.0),
          ("Floater", "Cover teacher breaks across classrooms.", 15, 25, "day", 17.25))),
    Kind("delivery", ("dispatch manager", "hiring manager"),
         (("Metro Courier Co.", "courier and delivery"), ("Fresh Route Grocery Delivery", "grocery delivery")),
         ("drivers with a clean license for daytime routes", "order pickers for online grocery"),
         (("Delivery driver", "Drive a company van on a set daytime route.", 25, 40, "day", 20.0),
          ("Bike courier", "Deliver documents downtown by bike.", 15, 30, "day", 18.0),
          ("Online order picker", "Pick and bag online grocery orders.", 15, 25, "morning day", 17.0),
          ("Driver's helper", "Ride along and carry packages to the door.", 20, 30, "day", 17.5))),
    Kind("manufacturing", ("production supervisor", "plant manager", "HR generalist"),
         (("Cedar Precision Assembly", "electronics assembly"), ("Northland Packaging", "packaging manufacturing"),
          ("Riverside Candle Works", "light manufacturing"), ("Twin Cities Sign & Print", "sign and print shop")),
         ("assemblers who like detailed work", "machine operators for second shift", "packers for the holiday rush"),
         (("Assembler", "Assemble small parts at a bench from a diagram.", 20, 40, "day", 18.5),
          ("Machine operator", "Run and watch a packaging machine on second shift.", 32, 40, "evening", 20.5),
          ("Packer", "Pack finished products into cartons and label them.", 15, 30, "day", 17.5),
          ("Quality inspector", "Check parts against a sample and log the results.", 20, 32, "day", 19.5),
          ("Print finishing helper", "Trim, laminate and box printed signs.", 15, 25, "day", 17.5))),
    Kind("it", ("service desk manager", "owner"),
         (("Northstar IT Help Desk", "IT support"), ("Reboot Computer Refurbishing", "computer refurbishing")),
         ("a help desk tech for password resets and tickets", "refurbishers who can wipe and test laptops"),
         (("Help desk technician", "Answer tickets and reset passwords.", 25, 40, "day", 23.0),
          ("Computer refurbisher", "Wipe, test and reinstall donated laptops.", 15, 30, "day", 19.0),
          ("Data wiping technician", "Run certified data wipes and log serial numbers.", 15, 25, "day", 18.5))),
    Kind("bookkeeping", ("owner",), (("Main Street Bookkeeping", "bookkeeping"),),
         ("a part-time accounts payable clerk", "tax-season help entering receipts"),
         (("Bookkeeping assistant", "Enter receipts and match bank statements.", 15, 25, "day", 22.0),
          ("Accounts payable clerk", "Enter vendor bills and prepare weekly check runs.", 20, 30, "day", 21.0))),
    Kind("recycling", ("operations manager",), (("Eco Cycle Recycling Center", "recycling"),),
         ("sorters for the electronics line", "a forklift driver for the yard"),
         (("Recycling sorter", "Sort metal, plastic and cardboard on a conveyor line.", 20, 30, "morning day", 17.5),
          ("Electronics recycling technician", "Take apart old computers and sort the parts.", 20, 32, "day", 18.5))),
)
SPECIAL_OPENINGS = (  # (employer, job, set_aside): not competitive employment; the matcher must leave them out
    ("Second Chance Thrift", ("Work-experience sorter (stipend)",
     "Sort donated clothing in a 12-week work-experience program paid as a stipend.", 10, 15, "day", 5.0), False),
    ("Eco Cycle Recycling Center", ("Work crew trainee (stipend)",
     "Sort recycling with a trainee crew; weekly stipend instead of wages.", 10, 20, "morning", 5.0), False),
    ("Northland Packaging", ("Packaging enclave worker",
     "Pack kits in a supervised enclave reserved for workers with disabilities.", 15, 25, "day", 16.0), True),
    ("Twin Cities Building Services", ("Cleaning enclave crew member",
     "Clean a corporate campus in a crew reserved for workers with disabilities.", 15, 25, "day", 16.0), True),
)


class Archetype(NamedTuple):
    """What a group of seekers tends to say they want, and the kinds of work (Kind.key) that fit it."""

    kinds: tuple[str, ...]
    interests: tuple[str, ...]
    strengths: tuple[str, ...]
    job_types: tuple[str, ...]
    dreams: tuple[str, ...]
    avoid: tuple[str, ...]
    education: tuple[str, ...] = ()


ARCHETYPES = {  # kinds; interests; strengths; job types; dream jobs; avoid; education goals
    "animals": Archetype(
        ("animal",), ("caring for animals", "dogs", "cats", "being outdoors"), ("patient", "gentle", "early riser"),
        ("kennel assistant", "dog walker", "animal shelter attendant", "groomer's helper"),
        ("veterinary technician", "running a dog daycare", "dog groomer"),
        ("fast food", "loud places", "customer-facing work", "night shifts"), ("vet assistant certificate",)),
    "kitchen": Archetype(
        ("restaurant", "cafe", "fast_food", "hospital"), ("cooking", "baking", "working in a kitchen team"),
        ("fast worker", "keeps a clean station", "good with a team"), ("dishwasher", "prep cook", "line cook", "baker"),
        ("chef", "owning a food truck"), ("customer-facing work", "night shifts", "fast food"),
        ("ServSafe food handler card",)),
    "cleaning": Archetype(
        ("janitorial", "hotel", "hospital", "laundry"), ("cleaning", "keeping things tidy", "working alone"),
        ("thorough", "independent", "on time"), ("janitor", "office cleaner", "housekeeper", "laundry work"),
        ("running my own cleaning business", "building maintenance technician"),
        ("customer-facing work", "loud places")),
    "warehouse": Archetype(
        ("warehouse", "grocery", "manufacturing", "delivery"), ("working with my hands", "organizing", "keeping busy"),
        ("strong", "reliable", "good with counts"), ("warehouse associate", "picker packer", "stocker", "forklift"),
        ("forklift operator", "warehouse supervisor"), ("customer-facing work", "night shifts"),
        ("forklift certification",)),
    "outdoors": Archetype(
        ("landscaping",), ("being outdoors", "gardening", "plants"), ("hard worker", "does not mind weather"),
        ("grounds crew", "landscaping helper", "garden center helper"), ("landscape designer", "running a nursery"),
        ("office work", "loud places")),
    "retail": Archetype(
        ("retail", "grocery"), ("talking with people", "fashion", "helping customers"), ("friendly", "good with money"),
        ("cashier", "sales associate", "thrift store"), ("store manager", "owning a vintage shop"),
        ("heavy lifting", "night shifts", "fast food")),
    "office": Archetype(
        ("office", "library", "bookkeeping"), ("computers", "organizing files", "typing"),
        ("detail-oriented", "fast typist", "good on the phone"), ("office assistant", "receptionist", "data entry"),
        ("office manager", "paralegal"), ("loud places", "heavy lifting", "fast food"),
        ("Microsoft Office certificate",)),
    "tech": Archetype(
        ("it", "office"), ("computers", "fixing things", "video games"), ("problem solver", "learns software quickly"),
        ("help desk technician", "computer refurbisher", "IT support"), ("network administrator", "programmer"),
        ("customer-facing work", "loud places", "heavy lifting"), ("CompTIA A+ certification",)),
    "care": Archetype(
        ("peer", "childcare", "library"), ("helping people", "working with kids", "listening"), ("caring", "calm"),
        ("peer support specialist", "childcare aide", "after-school aide"), ("peer support specialist", "teacher"),
        ("night shifts", "heavy lifting", "fast food"), ("peer specialist certification", "childcare credential")),
    "cars": Archetype(
        ("auto", "delivery"), ("cars", "driving", "detail work"), ("careful", "likes routine", "good driver"),
        ("auto detailer", "delivery driver", "car wash attendant"), ("auto mechanic", "owning a detailing shop"),
        ("office work", "customer-facing work"), ("driver's license", "auto mechanics course")),
    "books": Archetype(
        ("library", "retail"), ("reading", "books", "quiet places"), ("organized", "careful with order"),
        ("library page", "shelver", "bookstore clerk"), ("librarian",), ("loud places", "fast food")),
    "making": Archetype(
        ("manufacturing", "warehouse"), ("assembling things", "woodworking", "working with tools"),
        ("steady hands", "follows instructions well"), ("assembler", "machine operator", "packer"),
        ("carpenter", "electrician"), ("customer-facing work", "fast food")),
}
# 30 seekers; several want the same kinds of work, so congestion and diversity matter.
CASELOAD = ("animals",) * 5 + ("kitchen",) * 5 + ("cleaning", "warehouse") * 3 + (
    "outdoors", "retail", "office", "tech", "care", "cars") * 2 + ("books", "making")

FIRST_NAMES = ("Ana", "Hodan", "Tyler", "Mai", "Jorge", "Destiny", "Kevin", "Fartun", "Brianna", "Luis", "Shawn",
               "Pa Houa", "Ahmed", "Jessica", "Terrell", "Emily", "Nick", "Yolanda", "Chue", "Samira", "Derek", "Rosa",
               "Travis", "Kayla", "Mohamed", "Grace", "Andre", "Lisa", "Xavier", "Hannah", "Dustin", "Maribel")
LAST_INITIALS = "ABCDEFGHJKLMNOPRSTVWY"
CONTACT_NAMES = ("Maria", "Tom", "Keisha", "Abdi", "Linh", "Greg", "Sofia", "Jamal", "Heather", "Omar", "Beth",
                 "Carlos", "Nancy", "Tou", "Rachel", "Dave")
SHIFT_SETS = ("morning day", "day", "day evening", "morning day weekend", "evening weekend", "morning", "day weekend")
HOUR_RANGES = ((10, 20), (15, 25), (20, 30), (5, 15), (25, 35), (30, 40), (12, 20), (15, 30))
BENEFIT_SETS = ((), ("ssi", "medicaid"), ("ssdi",), ("ssdi", "medicare"), ("ssdi", "medicaid"), ("medicaid",),
                ("ssi", "medicaid", "snap"), ())
TRAVEL_SETS = ("bus", "bus walk", "train bus", "bike", "car", "walk", "ride bus", "bike train")
WHY_ENDED = ("the season ended", "the store closed", "moved across town", "wanted more hours",
             "the schedule changed to nights", "went back to school", "the contract ended")
WHAT_HELPED = ("a written checklist", "a steady schedule", "a supervisor who checked in each week",
               "working with the same crew", "breaks at set times", "being shown a task once, then trying it")
NEXT_STEPS = {  # by stage; {first} is the seeker the contact was for
    "named": ("Bring {first}'s resume to the {role}", "Set up a working interview for {first}",
              "Help {first} fill out the online application", "Introduce {first} to the {role} next week"),
    "general": ("Come back Thursday to see the morning shift", "Ask about upcoming openings next month",
                "Drop off a program brochure", "Return to learn about their busy season"),
    "hired_someone": ("Check in with {first} and the {role} after the first week",),
    "follow_along": ("Weekly visit with {first} through the first month", "Ask the {role} how {first}'s training went"),
}
REASONS = {"avoid": "I said no {what}", "shifts": "The shifts don't fit my schedule", "far": "Too far from home",
           "hours": "More hours than I want right now", "wage": "Pay is too low for me"}

# The contact log's rhythm: face-to-face employer contacts each specialist makes in a week, picked per week.
# Dana keeps to the IPS target of 6 (one slow week in a few); Luis manages about 4; Priya, newer, 1 to 3.
WEEKLY_VISITS = {1: (6, 7, 7, 8, 6, 6, 5), 2: (3, 4, 4, 5, 4), 3: (1, 2, 2, 3)}
PHONE_SHARE = 0.1  # of the extra contacts: a phone call to set up the next visit
DONE_SHARE = 0.6  # of next steps due by the end of the log and not followed by a visit: marked done
