import AssetCatalogue
import Foundation
import Testing

@Suite struct GeographyTests {
    let geo = Fixtures.geography

    @Test func twentyWardsWithCurrentCodes() {
        #expect(geo.wards.count == 20)
        let codes = Set(geo.wards.map(\.code))
        #expect(codes == Set((14646...14665).map { "E050\($0)" }))
        #expect(geo.ward(code: "E05014661")?.name == "Shaw")
    }

    @Test func sixDistrictsCoverEveryWardOnce() {
        #expect(geo.districts.count == 6)
        let all = geo.districts.flatMap(\.wards)
        #expect(all.count == 20 && Set(all).count == 20)
        #expect(geo.district(id: "oldham-west")?.wards.map { geo.ward(code: $0)!.name } == ["Coldhurst", "Medlock Vale", "Werneth"])
        #expect(geo.district(id: "oldham-east")?.wards.count == 4)
    }

    @Test func fiveClustersTouchEveryWardAndSomeWardsTouchSeveral() {
        #expect(geo.clusters.map(\.id).sorted() == ["central", "east", "north", "south", "west"])
        for w in geo.wards { #expect(!geo.clusters(touching: w.code).isEmpty, "\(w.name) is in no cluster") }
        let multi = geo.wards.filter { geo.clusters(touching: $0.code).count > 1 }
        #expect(multi.count >= 3, "clusters must cross ward lines somewhere")
        #expect(geo.clusters(touching: try! geo.ward(named: "Coldhurst").code).map(\.id).sorted() == ["central", "west"])
    }

    @Test(arguments: [
        ("Saddleworth West and Lees", "Saddleworth West & Lees"), ("saddleworth west & lees", "Saddleworth West & Lees"),
        ("St Marys", "St Mary's"), ("st mary’s", "St Mary's"), ("ST JAMES", "St James'"), ("E05014646", "Alexandra"),
        ("e05014646", "Alexandra"), ("  shaw ", "Shaw"), ("Chadderton N", "Chadderton North"),
    ])
    func forgivingWardNames(input: String, expected: String) throws {
        #expect(try geo.ward(named: input).name == expected)
    }

    @Test func unknownWardSuggests() {
        #expect(throws: LookupError.self) { try geo.ward(named: "Shw") }
        do { _ = try geo.ward(named: "Werneh"); Issue.record("should throw") } catch {
            #expect(error.suggestions.first == "Werneth")
            #expect(error.description.contains("did you mean \"Werneth\""))
        }
        // An ambiguous prefix is not guessed.
        #expect(throws: LookupError.self) { try geo.ward(named: "Chadderton") }
    }

    @Test func districtAndClusterLookups() throws {
        #expect(try geo.district(named: "royton shaw and crompton").id == "royton-shaw-crompton")
        #expect(try geo.district(named: "Saddleworth & Lees").id == "saddleworth-lees")
        #expect(try geo.cluster(named: "North").id == "north")
        #expect(try geo.cluster(named: "central cluster").id == "central")
        #expect(throws: LookupError.self) { try geo.cluster(named: "westish") }
    }

    @Test func populationsAreTheOnsMid2016Figures() {
        // ONS mid-2016 ward estimates sum to the Oldham LAD total, 232,724.
        #expect(geo.totalPopulation == 232_724)
        #expect(geo.wards.allSatisfy { $0.populationYear == 2016 && $0.population > 9000 })
    }

    /// The shipped centres and areas are the ONS figures in the real boundary file.
    @Test func centresAndAreasMatchOnsBoundaries() throws {
        guard let url = try Fixtures.sharedFile("boundaries/oldham_wards_2023.geojson") else { return }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let features = json["features"] as! [[String: Any]]
        #expect(features.count == 20)
        for f in features {
            let p = f["properties"] as! [String: Any]
            let code = p["area_code"] as! String
            let w = try #require(geo.ward(code: code))
            #expect(w.name == p["area_name"] as? String)
            #expect(abs(w.centre.lat - Double(p["lat"] as! String)!) < 1e-6)
            #expect(abs(w.centre.lon - Double(p["lon"] as! String)!) < 1e-6)
            #expect(abs(w.areaKm2 - (p["area"] as! Double) / 1e6) < 0.01)
        }
    }
}
