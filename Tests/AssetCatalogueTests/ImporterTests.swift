import AssetCatalogue
import Foundation
import Testing

@Suite struct ImporterTests {
    let importer = Fixtures.importer

    func read(_ csv: String, file: String = "in.csv") throws -> ImportBatch {
        try importer.read(try CSVTable.parse(csv, file: file))
    }

    func errors(_ csv: String) -> [String] {
        do { _ = try read(csv); return [] } catch let e as ImportErrors { return e.errors.map(\.description) } catch let e as ImportError {
            return [e.description]
        } catch { return ["\(error)"] }
    }

    @Test func readsEveryKindWithForgivingValues() throws {
        let b = try read("""
            # a comment line
            id,kind,name,categories,ward,cluster,days,times,ages,run_by,held_at,cost,owner,facilities,capacity,lat,lon
            pl-hall,Building,Shaw Hall,community.centre,shaw,North,,,,,,,council,kitchen;step-free,80,53.58,-2.09
            grp-walkers,groups,Shaw Walkers,sport.walking,Shaw,north,,,,,,,,,,,

            act-walk,activity,"Tuesday walk, gentle",sport.walking;older,Saddleworth West and Lees,east,Tuesday;thu,10:00-11:30,65+,grp-walkers,pl-hall,Free,,,,,
            """)
        #expect(b.assets.map(\.id) == ["pl-hall", "grp-walkers", "act-walk"])
        let walk = b.assets[2]
        #expect(walk.kind == .activity && walk.name == "Tuesday walk, gentle")
        #expect(walk.ward == "E05014660" && walk.cluster == "east")
        #expect(walk.schedule.days == [.tue, .thu] && walk.schedule.times == "10:00-11:30")
        #expect(walk.audience.minAge == 65 && walk.audience.maxAge == nil)
        #expect(walk.links == [AssetLink(.runBy, "grp-walkers"), AssetLink(.heldAt, "pl-hall")])
        #expect(b.assets[0].facilities == [.kitchen, .stepFree] && b.assets[0].capacity == 80)
        #expect(b.assets[0].coordinate == Coordinate(lat: 53.58, lon: -2.09))
        try importer.checkReferences(b, existing: { _ in nil })
    }

    @Test func everyErrorNamesFileLineAndField() {
        let e = errors("""
            id,kind,name,categories,ward,cluster,days,times,ages
            ok-1,group,Fine,food,Shaw,north,,,
            Bad Id,group,X,food,Shaw,north,,,
            a-2,club,X,food,Shaw,north,,,
            a-3,activity,X,food.lunchclub,Shw,south-west,Tusday,10-12,sixty
            ok-1,group,Again,food,Shaw,north,,,
            """)
        #expect(e.contains("in.csv:3: id: \"Bad Id\" must be lower-case letters, digits and -"))
        #expect(e.contains("in.csv:4: kind: \"club\" is not one of group, activity, place, anchor"))
        #expect(e.contains("in.csv:5: categories: unknown category \"food.lunchclub\"; did you mean \"food.lunch-club\"?"))
        #expect(e.contains { $0.hasPrefix("in.csv:5: ward: unknown ward \"Shw\"") && $0.contains("Shaw") })
        #expect(e.contains { $0.hasPrefix("in.csv:5: cluster: unknown cluster \"south-west\"") })
        #expect(e.contains("in.csv:5: days: \"Tusday\" is not a weekday (mon, tue, wed, thu, fri, sat, sun)"))
        #expect(e.contains("in.csv:5: times: \"10-12\" is not HH:MM-HH:MM"))
        #expect(e.contains("in.csv:5: ages: \"sixty\" is not an age range (all, 65+, 0-5, 16-25)"))
        #expect(e.contains("in.csv:6: id: \"ok-1\" is used again (first on line 2)"))
    }

    @Test func lineNumbersCountCommentsAndMultilineFields() {
        let e = errors("""
            # header comes after a comment
            id,kind,name,categories,ward,cluster
            a-1,group,"Two
            lines",food,Shaw,north
            a-2,group,X,food,Nowhere,north
            """)
        #expect(e.count == 1 && e[0].hasPrefix("in.csv:5: ward:"), "\(e)")
    }

    @Test func headerProblems() {
        #expect(errors("id,kind,name,categories,ward,cluster,wrad\n") == ["in.csv:1: wrad: unknown column; did you mean \"ward\"?"])
        #expect(errors("id,kind,name,categories,ward\n") == ["in.csv:1: cluster: required column is missing"])
        #expect(errors("foo,bar\n1,2\n").first?.contains("not an assetmap file") == true)
        #expect(errors("id,kind,name,categories,ward,cluster\na,group,X\n") == ["in.csv:2: has 3 fields, the header has 6"])
        #expect(errors("id,kind,name,categories,ward,cluster\na,group,\"X,food,Shaw,north\n") == ["in.csv:2: a quoted field is never closed"])
    }

    @Test func kindSpecificColumnsAreChecked() {
        let e = errors("""
            id,kind,name,categories,ward,cluster,days,owner,hosts
            g-1,group,X,food,Shaw,north,mon,,
            a-1,activity,X,food,Shaw,north,,council,
            p-1,place,X,food,Shaw,north,,castle,
            """)
        #expect(e.contains("in.csv:2: days: only activities have days"))
        #expect(e.contains("in.csv:3: owner: only buildings/places have owner"))
        #expect(e.contains { $0.hasPrefix("in.csv:4: owner: \"castle\" is not one of council") })
    }

    @Test func referencesAreCheckedAcrossFilesAndStore() throws {
        let b = try read("""
            id,kind,name,categories,ward,cluster,run_by,held_at
            act-1,activity,X,food,Shaw,north,grp-missing,pl-1
            act-2,activity,Y,food,Shaw,north,pl-1,pl-1
            """)
        do {
            try importer.checkReferences(b, existing: { $0 == "pl-1" ? .place : nil })
            Issue.record("should throw")
        } catch let e as ImportErrors {
            let d = e.errors.map(\.description)
            #expect(d.contains("in.csv:2: run_by: no asset has id \"grp-missing\""))
            #expect(d.contains("in.csv:3: run_by: \"pl-1\" is a building/place, which cannot be run by here"))
            #expect(d.count == 2)
        }
    }

    @Test func transferAndACVHistories() throws {
        let t = try read("""
            asset,date,state,stage,tenure,note
            pl-1,2024-01-10,enquiry,,,first contact
            pl-1,2024-03-01,in-progress,business-case,,
            pl-1,2025-06-30,transferred,,long-lease,"25-year lease, peppercorn rent"
            """)
        #expect(t.transfers.map(\.state) == [.enquiry, .inProgress, .transferred])
        #expect(t.transfers[2].tenure == .longLease && t.transfers[2].note == "25-year lease, peppercorn rent")
        let bad = errors("asset,date,state,stage,tenure,note\npl-1,2024-02-30,in-progress,,,\npl-1,2024-01-01,sold,,,\n")
        #expect(bad.contains("in.csv:2: date: \"2024-02-30\" is not a date (YYYY-MM-DD)"))
        #expect(bad.contains("in.csv:2: stage: an in-progress transfer needs its stage"))
        #expect(bad.contains { $0.hasPrefix("in.csv:3: state: \"sold\" is not one of none, enquiry") })
        let acv = try read("asset,date,state,note\npl-pub,2021-06-14,listed,\n")
        #expect(acv.acv.first?.state == .listed)
        do {
            try importer.checkReferences(acv, existing: { _ in .group })
            Issue.record("should throw")
        } catch let e as ImportErrors {
            #expect(e.errors.first?.description.contains("only buildings/places have transfer and ACV histories") == true)
        }
    }

    @Test func exportRoundTripsThroughImport() throws {
        let c = try DefaultCatalogue.load(from: Fixtures.assets)
        let csv = Exporter.assetsCSV(c.wholeAssets, geography: c.geography)
        let back = try read(csv, file: "export.csv")
        #expect(back.assets == c.wholeAssets)
        let t = try read(Exporter.transfersCSV(c.allTransferEvents))
        #expect(t.transfers == c.allTransferEvents)
        let a = try read(Exporter.acvCSV(c.allACVEvents))
        #expect(a.acv == c.allACVEvents)
    }
}
