import Foundation

/// Made-up catalogues of any size for tests and benchmarks: realistic names and descriptions
/// with a large vocabulary (invented words with a long tail: ~250,000 distinct tokens at 1M
/// assets), some Bengali, Urdu, Polish, Chinese and accented text, all four kinds with links,
/// schedules, categories from the taxonomy and wards/clusters valid for the geography.
/// Every record's `source` is `synthetic`.
public enum Synthetic {
    /// A deterministic pseudo-random generator (SplitMix64): the same seed gives the same numbers
    /// on every platform and Swift version.
    public struct RNG: RandomNumberGenerator, Sendable {
        private var state: UInt64

        public init(seed: UInt64) { state = seed }

        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// Uniform in 0..<n (n > 0), by multiply-high: no dependence on stdlib algorithms.
        public mutating func below(_ n: Int) -> Int {
            Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
        }

        /// Uniform in 0..<1.
        public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

        public mutating func chance(_ p: Double) -> Bool { unit() < p }

        public mutating func pick<T>(_ a: [T]) -> T { a[below(a.count)] }
    }

    /// A deterministic catalogue: the same arguments give the same catalogue.
    ///
    /// Kinds repeat in blocks of 20 (5 groups, 9 activities, 5 places, 1 anchor). Activities are
    /// run by a group and held at a place; groups and anchors are based at places; anchors host
    /// groups and activities; about one place in eight has a transfer history.
    public static func catalogue(count: Int, seed: UInt64 = 1, geography: Geography, taxonomy: Taxonomy,
                                 name: String = "Synthetic") -> Catalogue {
        var g = Generator(seed: seed, count: count, geography: geography, taxonomy: taxonomy)
        var assets: [Asset] = []
        assets.reserveCapacity(count)
        var transfers: [TransferEvent] = []
        for i in 0..<count {
            assets.append(g.asset(i, transfers: &transfers))
        }
        return Catalogue(name: name, geography: geography, taxonomy: taxonomy, assets: assets, transfers: transfers)
    }

    /// The asset id of index `i` in a synthetic catalogue.
    public static func id(_ i: Int) -> String {
        let p: String
        switch kind(i) {
        case .group: p = "grp"
        case .activity: p = "act"
        case .place: p = "plc"
        case .anchor: p = "anc"
        }
        return "\(p)-\(i)"
    }

    static func kind(_ i: Int) -> AssetKind {
        switch i % 20 {
        case 0..<5: .group
        case 5..<14: .activity
        case 14..<19: .place
        default: .anchor
        }
    }

    /// A fixed mix for `make bench`: short prefixes, whole words, typos, phrases, filters,
    /// exclusions, non-ASCII and misses. Every entry parses with the shipped geography and taxonomy.
    public static let benchmarkQueries: [String] = [
        "s",
        "co",
        "lunch",
        "library",
        "community centre",
        "lunch club",
        "libary",
        "comunity centre",
        "\"coffee morning\"",
        "\"lunch club\" older",
        "chair yoga",
        "football -women",
        "youth -club",
        "warm space",
        "dementia carers",
        "walking netbal",
        "bengali women",
        "ward:shaw",
        "cat:food",
        "cat:food day:tue",
        "kind:activity ward:\"st marys\" lunch",
        "cluster:north sport",
        "district:\"oldham west\" advice",
        "transfer:in-progress",
        "anchor:yes kind:place",
        "ward:shaw ward:crompton kind:group",
        "ঢাকা",
        "কমিউনিটি",
        "مسجد",
        "東京",
        "社区中心",
        "cafe",
        "lodz",
        "ol4",
        "ashbr",
        "quislivor",
        "garden -\"community garden\"",
        "zzzz",
        "a",
        "the",
    ]

    // MARK: Word lists

    static let syllables = [
        "ash", "bar", "bel", "bri", "cal", "dun", "eld", "far", "gor", "hal", "ing", "jor", "kel", "lor", "mar", "nor",
        "ost", "pen", "quis", "ren", "sal", "tor", "ul", "vor", "wen", "yar", "zel", "ab", "ber", "cor", "dor", "el",
        "fen", "gar", "hol", "il", "kar", "liv", "mor", "nel", "or", "pol", "rin", "sor", "tan", "um", "ver", "wick",
        "ton", "ley", "by", "ham", "worth", "field", "brook", "dale", "ford", "wood", "stead", "thorpe", "well", "cote",
    ]

    /// Invented word number `i` (0 ..< inventedCount), capitalised.
    static func invented(_ i: Int) -> String {
        let s = syllables.count
        var w: String
        if i < s * s {
            w = syllables[i / s] + syllables[i % s]
        } else {
            let j = i - s * s
            w = syllables[(j / (s * s)) % s] + syllables[(j / s) % s] + syllables[j % s]
        }
        return w.prefix(1).uppercased() + w.dropFirst()
    }

    static let inventedCount = 64 * 64 + 64 * 64 * 64

    static let localities = [
        "Shaw", "Crompton", "Royton", "Chadderton", "Failsworth", "Hollinwood", "Lees", "Springhead", "Grotton",
        "Greenfield", "Uppermill", "Delph", "Dobcross", "Diggle", "Denshaw", "Austerlands", "Moorside", "Sholver",
        "Derker", "Fitton Hill", "Limeside", "Werneth", "Coldhurst", "Glodwick", "Westwood", "Holts", "Clarksfield",
        "Watersheddings", "Higginshaw", "Heyside", "High Crompton", "Scouthead", "Grasscroft", "Hathershaw",
        "Primrose Bank", "Salem", "Waterhead", "Copster Hill", "Oldham", "Newbold", "Busk", "Garden Suburb",
    ]

    static let saints = ["Mary", "James", "John", "Thomas", "Paul", "Anne", "Margaret", "Luke", "Mark", "Peter", "Hilda", "Chad", "Aidan"]

    static let surnames = [
        "Lees", "Platt", "Radcliffe", "Buckley", "Whitehead", "Schofield", "Mellor", "Taylor", "Hartley", "Ashworth",
        "Butterworth", "Kenworthy", "Ogden", "Wrigley", "Howarth", "Ahmed", "Begum", "Hussain", "Khan", "Rahman",
        "Ali", "Kowalski", "Nowak", "Wiśniewski", "Chen", "Wong", "Okafor", "Mensah", "O'Neill", "Brennan",
    ]

    static let streetSuffixes = ["Street", "Road", "Lane", "Avenue", "Close", "Way", "Terrace", "Grove", "Brow", "Fold"]

    /// Name phrases by subcategory id; unknown ids fall back to the category's own name.
    static let phrases: [String: [String]] = [
        "health.mental-health": ["Mental Health Drop-in", "Wellbeing Circle", "Mind Matters", "Talking Space"],
        "health.healthy-living": ["Healthy Living Club", "Weight Well", "Chair Yoga", "Health Walk"],
        "health.peer-support": ["Peer Support Group", "Men's Mental Health Group", "Recovery Cafe", "Bereavement Support"],
        "health.dementia": ["Memory Cafe", "Dementia Friendly Singing", "Forget Me Not Club"],
        "health.services": ["Health Check Clinic", "Pharmacy Advice Session", "Social Prescribing"],
        "food.food-bank": ["Food Bank", "Emergency Food Parcels", "Food Hub"],
        "food.pantry": ["Community Pantry", "Pay As You Feel Pantry", "Food Share"],
        "food.lunch-club": ["Lunch Club", "Over 60s Lunch Club", "Friendship Lunch", "Luncheon Club"],
        "food.cafe": ["Community Café", "Coffee Morning", "Pop-up Café", "Tea and Toast"],
        "food.cooking": ["Cook and Eat", "Cooking on a Budget", "Family Cookery"],
        "older.social": ["Over 60s Club", "Friendship Group", "Tea Dance", "Bingo Afternoon"],
        "older.ageing-well": ["Ageing Well Group", "Falls Prevention", "Chair Exercise"],
        "young.early-years": ["Stay and Play", "Baby Rhyme Time", "Toddler Group", "Parent and Toddler"],
        "young.youth-club": ["Youth Club", "Junior Youth Club", "Teen Drop-in"],
        "young.play": ["Holiday Activities", "Play Scheme", "Adventure Play"],
        "young.learning": ["Homework Club", "Study Support", "Reading Buddies"],
        "arts.music": ["Community Choir", "Brass Band", "Ukulele Group", "Open Mic Night"],
        "arts.crafts": ["Craft Club", "Knit and Natter", "Sewing Circle", "Pottery Workshop"],
        "arts.heritage": ["Local History Society", "Heritage Group", "Civic Society"],
        "arts.theatre": ["Amateur Dramatics", "Film Club", "Youth Theatre"],
        "arts.reading": ["Book Club", "Reading Group", "Library"],
        "sport.walking": ["Walking Group", "Health Walk", "Ramblers"],
        "sport.football": ["Football Club", "Walking Football", "Junior Football", "Women's Football"],
        "sport.swimming": ["Swimming Club", "Aqua Fit", "Learn to Swim"],
        "sport.fitness": ["Fitness Class", "Boxing Club", "Circuit Training"],
        "sport.dance": ["Dance Class", "Line Dancing", "Bollywood Dance", "Ballet"],
        "sport.cycling": ["Cycling Club", "Bike Ride", "Learn to Ride"],
        "sport.gentle": ["Chair Based Exercise", "Gentle Exercise", "Tai Chi", "Chair Yoga"],
        "green.parks": ["Friends of the Park", "Park Volunteers", "Nature Walks"],
        "green.growing": ["Community Garden", "Allotment Society", "Growing Club"],
        "green.conservation": ["Conservation Volunteers", "Wildlife Group", "Tree Planting"],
        "faith.worship": ["Church", "Mosque", "Methodist Church", "Parish Church", "Gurdwara", "Chapel"],
        "faith.interfaith": ["Interfaith Forum", "Faiths Together"],
        "faith.social-action": ["Church Food Project", "Mosque Community Project", "Faith Warm Space"],
        "advice.benefits": ["Benefits Advice", "Welfare Rights Drop-in", "Citizens Advice Session"],
        "advice.debt": ["Debt Advice", "Money Matters", "Budgeting Support"],
        "advice.legal": ["Legal Advice Clinic", "Immigration Advice", "Refugee Support"],
        "advice.energy": ["Energy Advice", "Warm Homes Advice", "Fuel Bill Help"],
        "work.employment": ["Job Club", "Employment Support", "CV Workshop"],
        "work.adult-learning": ["Adult Learning", "Family Learning", "Evening Classes"],
        "work.digital": ["Digital Drop-in", "Computer Club", "Get Online"],
        "work.esol": ["ESOL Class", "English Conversation Club", "English for Speakers of Other Languages"],
        "work.volunteering": ["Volunteer Centre", "Volunteering Hub", "Good Neighbours"],
        "housing.warm-homes": ["Warm Space", "Warm Welcome", "Warm Hub"],
        "housing.homelessness": ["Homeless Support", "Night Shelter", "Drop-in Centre"],
        "housing.tenancy": ["Tenancy Support", "Tenants Forum"],
        "lonely.befriending": ["Befriending Service", "Telephone Befriending", "Buddy Scheme"],
        "lonely.social": ["Social Club", "Friendship Club", "Coffee Morning", "Games Afternoon"],
        "lonely.mens-groups": ["Men's Shed", "Men's Group", "Men in Sheds"],
        "disability.carers": ["Carers Group", "Carers Cafe", "Young Carers"],
        "disability.learning": ["Learning Disability Group", "Gateway Club", "Inclusive Arts"],
        "disability.sensory": ["Sight Loss Group", "Deaf Club", "Hearing Support"],
        "disability.physical": ["Disability Sports", "Accessible Activities", "Wheelchair Basketball"],
        "environment.repair": ["Repair Cafe", "Bike Repair", "Scrap Store"],
        "environment.energy": ["Community Energy", "Solar Cooperative"],
        "environment.clean-up": ["Litter Pick", "Clean Up Crew", "Canal Clean-up"],
        "community.centre": ["Community Centre", "Community Hub", "Neighbourhood Centre", "Village Hall"],
        "community.residents": ["Residents Association", "Tenants and Residents Association", "Neighbourhood Watch"],
        "community.room-hire": ["Rooms for Hire", "Meeting Rooms", "Hall Hire"],
        "community.culture": ["Bangladeshi Association", "Pakistani Community Centre", "Polish Club", "Chinese Association",
                              "Caribbean Society", "Irish Community Group", "Ukrainian Welcome"],
    ]

    static let groupNouns = ["Association", "Trust", "Society", "Group", "Project", "Network", "Partnership", "Collective", "Foundation", "Forum"]

    static let placeTemplates = [
        "%L Community Centre", "%L Library", "St %S's Church Hall", "%N Park", "%L Methodist Church", "%L Youth Centre",
        "The %I Hall", "%L Mosque", "%L Leisure Centre", "%L Allotments", "%N House", "Former %L Library",
        "%L Village Hall", "%I Mill", "%L Scout Hut", "%L Sports Club", "%I Chapel", "%L Family Hub",
    ]

    static let anchorTemplates = ["%L Community Hub", "%N Trust", "%L Community Partnership", "%I Centre", "%L Together"]

    static let openings = [
        "A friendly", "A welcoming", "A free", "A weekly", "A relaxed", "A small", "A busy", "A volunteer-led",
        "A long-running", "A new", "A popular", "An informal",
    ]

    static let audiences = [
        "older people", "families", "young people", "carers", "women", "men", "everyone", "people with dementia and their carers",
        "refugees and asylum seekers", "children under five", "adults with learning disabilities", "people living alone",
        "new arrivals", "local residents", "students", "veterans",
    ]

    static let middles = [
        "with tea, cake and a chat", "with hot food and good company", "run by local volunteers",
        "in a safe and accessible space", "with support from trained staff", "open to all abilities",
        "with games, crafts and quizzes", "where newcomers are always welcome", "with help to get online",
        "with advice on benefits, debt and energy bills", "with a warm space in winter", "with transport for those who need it",
        "supported by the council and local churches", "with a lending library", "with gentle exercise and music",
        "with a community garden and allotments", "with a food pantry and coffee morning",
    ]

    static let extras = [
        "Funded by the %I %N Foundation.", "Meets near %I %T.", "Started by the %N family in %Y.",
        "Partners include %I Housing and %L Library.", "Look for the %I sign by the main door.",
        "Ask for %S at reception.", "Part of the %I %G.", "Formerly known as %I %G.",
        "Minibus from %L and %I.", "Bring a friend!", "No need to book.", "Refreshments provided.",
    ]

    static let bengali = ["বাংলা", "ঢাকা", "সিলেট", "কমিউনিটি", "মহিলা", "শিশু", "সমিতি", "কেন্দ্র", "পাঠশালা", "স্বাস্থ্য"]
    static let urdu = ["اردو", "مسجد", "کمیونٹی", "خواتین", "بچوں", "مرکز", "پاکستان", "کشمیر", "صحت", "تعلیم"]
    static let polish = ["Polski", "Polska", "Społeczność", "Łódź", "Kraków", "Świętego", "Józefa", "Zażółć", "Wspólnota", "Przedszkole"]
    static let chinese = ["中文", "社区", "中心", "华人", "学校", "老人", "東京", "茶会", "太极", "書法", "社区中心"]
    static let accented = ["Café", "Crèche", "Naïve", "Fiancé", "Soirée", "Façade", "Piñata", "Über", "São", "Ñandú", "Résumé"]

    static let times = ["09:30-11:30", "10:00-12:00", "12:00-14:00", "13:30-15:30", "14:00-16:00", "18:00-20:00", "19:00-21:00", ""]
    static let frequencies = ["weekly", "weekly", "weekly", "fortnightly", "monthly", "daily", "termly", "occasional"]
    static let ages: [(Int?, Int?)] = [(nil, nil), (nil, nil), (65, nil), (60, nil), (0, 5), (11, 18), (16, 25), (18, nil), (5, 11)]
    static let costs = ["Free", "Free", "£2", "£3.50", "£1 donation", "Pay as you feel", "£5 per session", ""]
    static let joins = ["Just turn up", "Just turn up", "Book by phone", "Referral from GP or social prescriber",
                        "Email to book a place", "Drop in any time", "Register online", ""]
    static let stages = TransferStage.allCases

    struct Generator {
        var rng: RNG
        let count: Int
        let geography: Geography
        let taxonomy: Taxonomy
        let wardCumulative: [Int]
        let wardClusters: [[String]]
        let centreIndex: Int?
        let roomHireIndex: Int?
        let groupCount: Int
        let activityCount: Int
        let placeCount: Int
        /// Name phrases per category index, and each ward's first word.
        let phraseTable: [[String]]
        let wardFirstWord: [String]
        let subcategoryIndex: [Int]
        let topLevelIndex: [Int]

        init(seed: UInt64, count: Int, geography: Geography, taxonomy: Taxonomy) {
            rng = RNG(seed: seed)
            self.count = count
            self.geography = geography
            self.taxonomy = taxonomy
            var acc = 0
            wardCumulative = geography.wards.map { acc += max(1, $0.population); return acc }
            wardClusters = geography.wards.map { w in
                let touching = geography.clusters.filter { c in c.wards.contains { $0.ward == w.code } }
                let main = touching.filter { c in c.wards.contains { $0.ward == w.code && $0.main } }
                return (main.isEmpty ? touching : main + touching).map(\.id)
            }
            centreIndex = taxonomy.categories.firstIndex { $0.id == "community.centre" }
            roomHireIndex = taxonomy.categories.firstIndex { $0.id == "community.room-hire" }
            phraseTable = taxonomy.categories.map { Synthetic.phrases[$0.id] ?? [$0.name] }
            wardFirstWord = geography.wards.map { String($0.name.split(separator: " ").first ?? "") }
            subcategoryIndex = taxonomy.categories.indices.filter { !taxonomy.categories[$0].isTopLevel }
            topLevelIndex = taxonomy.categories.indices.filter { taxonomy.categories[$0].isTopLevel }
            func countOf(_ lo: Int, _ hi: Int) -> Int {
                // Indices i < count with i % 20 in lo..<hi.
                let full = count / 20, rest = count % 20
                return full * (hi - lo) + max(0, min(rest, hi) - lo)
            }
            groupCount = countOf(0, 5)
            activityCount = countOf(5, 14)
            placeCount = countOf(14, 19)
        }

        func groupIndex(_ j: Int) -> Int { (j / 5) * 20 + j % 5 }
        func activityIndex(_ j: Int) -> Int { (j / 9) * 20 + 5 + j % 9 }
        func placeIndex(_ j: Int) -> Int { (j / 5) * 20 + 14 + j % 5 }

        mutating func inventedWord() -> String {
            // Long tail: a few words are common, most are rare.
            let u = rng.unit()
            return Synthetic.invented(Int(Double(Synthetic.inventedCount) * u * u * u))
        }

        mutating func fill(_ template: String, locality: String) -> String {
            var out = ""
            out.reserveCapacity(template.utf8.count + 24)
            var literal = template.utf8.startIndex
            var i = literal
            let u = template.utf8
            while i < u.endIndex {
                guard u[i] == UInt8(ascii: "%"), u.index(after: i) < u.endIndex else { i = u.index(after: i); continue }
                out += template[literal..<i]
                let k = u[u.index(after: i)]
                switch k {
                case UInt8(ascii: "L"): out += rng.chance(0.7) ? locality : rng.pick(Synthetic.localities)
                case UInt8(ascii: "S"): out += rng.pick(Synthetic.saints)
                case UInt8(ascii: "N"): out += rng.chance(0.5) ? rng.pick(Synthetic.surnames) : inventedWord()
                case UInt8(ascii: "I"): out += inventedWord()
                case UInt8(ascii: "T"): out += rng.pick(Synthetic.streetSuffixes)
                case UInt8(ascii: "G"): out += rng.pick(Synthetic.groupNouns)
                case UInt8(ascii: "Y"): out += String(1950 + rng.below(75))
                default: out.unicodeScalars.append(Unicode.Scalar(k))
                }
                i = u.index(i, offsetBy: 2)
                literal = i
            }
            out += template[literal...]
            return out
        }

        mutating func foreignWord() -> String {
            switch rng.below(5) {
            case 0: rng.pick(Synthetic.bengali)
            case 1: rng.pick(Synthetic.urdu)
            case 2: rng.pick(Synthetic.polish)
            case 3: rng.pick(Synthetic.chinese)
            default: rng.pick(Synthetic.accented)
            }
        }

        mutating func phrase(for category: Int) -> String {
            phraseTable.indices.contains(category) ? rng.pick(phraseTable[category]) : "Community Group"
        }

        mutating func asset(_ i: Int, transfers: inout [TransferEvent]) -> Asset {
            let kind = Synthetic.kind(i)
            // Ward by population; cluster among those touching it.
            let total = wardCumulative.last ?? 1
            let x = rng.below(total)
            var wi = 0
            while wi < wardCumulative.count - 1 && wardCumulative[wi] <= x { wi += 1 }
            let ward = geography.wards[wi]
            let clusterChoices = wardClusters[wi]
            let cluster = clusterChoices.isEmpty
                ? (geography.clusters.isEmpty ? "" : rng.pick(geography.clusters).id)
                : (rng.chance(0.85) ? clusterChoices[0] : rng.pick(clusterChoices))
            let locality = rng.chance(0.6) ? wardFirstWord[wi] : rng.pick(Synthetic.localities)

            // Categories.
            var cats: [Int] = []
            let nCats = kind == .activity ? 1 + rng.below(3) : 1 + rng.below(2)
            if kind == .place || kind == .anchor, let centre = centreIndex, let hire = roomHireIndex {
                cats.append(rng.chance(0.6) ? centre : hire)
            }
            while cats.count < nCats, !subcategoryIndex.isEmpty {
                let c = rng.chance(0.05) && !topLevelIndex.isEmpty ? rng.pick(topLevelIndex) : rng.pick(subcategoryIndex)
                if !cats.contains(c) { cats.append(c) }
            }
            let categories = cats.map { taxonomy.categories[$0].id }
            let main = cats.first ?? 0

            // Name.
            var name: String
            switch kind {
            case .group:
                let p = phrase(for: main)
                switch rng.below(4) {
                case 0: name = "\(locality) \(p)"
                case 1: name = "\(inventedWord()) \(p)"
                case 2: name = "\(locality) \(p) \(rng.pick(Synthetic.groupNouns))"
                default: name = "Friends of \(inventedWord()) \(rng.pick(Synthetic.groupNouns))"
                }
            case .activity:
                let p = phrase(for: main)
                switch rng.below(5) {
                case 0: name = "\(Weekday.allCases[rng.below(7)].name) \(p)"
                case 1: name = "\(p) at \(locality)"
                case 2: name = "\(inventedWord()) \(p)"
                case 3: name = "\(locality) \(p)"
                default: name = p
                }
            case .place:
                name = fill(rng.pick(Synthetic.placeTemplates), locality: locality)
            case .anchor:
                name = fill(rng.pick(Synthetic.anchorTemplates), locality: locality)
            }
            if rng.chance(0.04) { name += " " + foreignWord() }
            if rng.chance(0.02) { name = foreignWord() + " " + name }

            // Description.
            var d = "\(rng.pick(Synthetic.openings)) \(phrase(for: cats.last ?? main).lowercased()) for "
            d += "\(rng.pick(Synthetic.audiences)) in \(locality), \(rng.pick(Synthetic.middles)). "
            d += fill(rng.pick(Synthetic.extras), locality: locality)
            if rng.chance(0.5) { d += " " + fill(rng.pick(Synthetic.extras), locality: locality) }
            if rng.chance(0.6) { d += " Also known locally as the \(inventedWord()) \(inventedWord())." }
            if rng.chance(0.07) {
                let w1 = foreignWord(), w2 = foreignWord()
                d += " \(w1) \(w2)."
            }

            let postcode = "OL\(1 + rng.below(16)) \(rng.below(10))\(letter())\(letter())"
            let address = "\(1 + rng.below(300)) \(inventedWord()) \(rng.pick(Synthetic.streetSuffixes)), \(locality)"
            let coordinate = Coordinate(lat: ward.centre.lat + (rng.unit() - 0.5) * 0.02,
                                        lon: ward.centre.lon + (rng.unit() - 0.5) * 0.03)
            let verified = LocalDate(year: 2022 + rng.below(4), month: 1 + rng.below(12), day: 1 + rng.below(28))
            var a = Asset(id: Synthetic.id(i), kind: kind, name: name, description: d, categories: categories,
                          ward: ward.code, cluster: cluster, postcode: postcode, address: address, coordinate: coordinate,
                          lastVerified: verified, source: "synthetic")
            switch kind {
            case .activity:
                if groupCount > 0 { a.links.append(AssetLink(.runBy, Synthetic.id(groupIndex(rng.below(groupCount))))) }
                if placeCount > 0 { a.links.append(AssetLink(.heldAt, Synthetic.id(placeIndex(rng.below(placeCount))))) }
                var days: [Weekday] = [Weekday.allCases[rng.below(7)]]
                if rng.chance(0.3) {
                    let d2 = Weekday.allCases[rng.below(7)]
                    if d2 != days[0] { days.append(d2) }
                }
                a.schedule = Schedule(days: days.sorted(), times: rng.pick(Synthetic.times), frequency: rng.pick(Synthetic.frequencies))
                let ag = rng.pick(Synthetic.ages)
                a.audience = Audience(minAge: ag.0, maxAge: ag.1, who: rng.chance(0.7) ? rng.pick(Synthetic.audiences) : "")
                a.cost = rng.pick(Synthetic.costs)
                a.howToJoin = rng.pick(Synthetic.joins)
            case .group:
                if placeCount > 0 && rng.chance(0.6) { a.links.append(AssetLink(.basedAt, Synthetic.id(placeIndex(rng.below(placeCount))))) }
            case .anchor:
                if placeCount > 0 { a.links.append(AssetLink(.basedAt, Synthetic.id(placeIndex(rng.below(placeCount))))) }
                for _ in 0..<(1 + rng.below(3)) {
                    if rng.chance(0.5), groupCount > 0 {
                        a.links.append(AssetLink(.hosts, Synthetic.id(groupIndex(rng.below(groupCount)))))
                    } else if activityCount > 0 {
                        a.links.append(AssetLink(.hosts, Synthetic.id(activityIndex(rng.below(activityCount)))))
                    }
                }
            case .place:
                a.owner = rng.pick(OwnerType.allCases)
                var fac: [Facility] = []
                for f in Facility.allCases where rng.chance(0.3) { fac.append(f) }
                a.facilities = fac
                a.capacity = 10 * (2 + rng.below(30))
                if rng.chance(0.125) { transfers += transferHistory(a.id) }
            }
            return a
        }

        mutating func letter() -> Character {
            Character(UnicodeScalar(UInt8(65 + rng.below(26))))
        }

        mutating func transferHistory(_ id: String) -> [TransferEvent] {
            var year = 2019 + rng.below(4)
            var out = [TransferEvent(assetID: id, date: LocalDate(year: year, month: 1 + rng.below(12), day: 1 + rng.below(28))!,
                                     state: .enquiry, stage: .enquiry)]
            if rng.chance(0.7) {
                year += 1
                let stage = Synthetic.stages[1 + rng.below(Synthetic.stages.count - 2)]
                out.append(TransferEvent(assetID: id, date: LocalDate(year: year, month: 1 + rng.below(12), day: 1 + rng.below(28))!,
                                         state: .inProgress, stage: stage))
                if rng.chance(0.5) {
                    year += 1
                    let end: TransferState = rng.pick([TransferState.transferred, .transferred, .refused, .withdrawn])
                    out.append(TransferEvent(assetID: id, date: LocalDate(year: year, month: 1 + rng.below(12), day: 1 + rng.below(28))!,
                                             state: end, stage: end == .transferred ? .completed : nil,
                                             tenure: end == .transferred ? rng.pick(Tenure.allCases) : nil))
                }
            }
            return out
        }
    }
}
