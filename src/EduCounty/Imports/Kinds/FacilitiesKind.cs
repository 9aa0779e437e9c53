using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>办学条件 of one school and school year (教育事业统计 基层表); natural key 学校标识码 + 学年.</summary>
public sealed class FacilitiesKind : ImportKind<Facility>
{
    public override string Name => "facilities";

    protected override string[] Compared { get; } =
        ["LandM2", "BuildingM2", "TeachingAreaM2", "IndoorSportsM2", "AdministrativeM2", "LivingM2", "SportsAreaM2", "EquipmentValueYuan", "MultimediaClassrooms", "Computers", "Books", "BandwidthMbps",
         "MusicRooms", "MusicRoomsM2", "ArtRooms", "ArtRoomsM2"];

    protected internal override IReadOnlyDictionary<string, string> OptionalSources { get; } = new Dictionary<string, string>
    {
        ["LandM2"] = "land",
        ["BuildingM2"] = "building",
        ["IndoorSportsM2"] = "indoorSports",
        ["AdministrativeM2"] = "admin",
        ["LivingM2"] = "living",
        ["MultimediaClassrooms"] = "multimedia",
        ["Computers"] = "computers",
        ["Books"] = "books",
        ["BandwidthMbps"] = "bandwidth",
        ["MusicRooms"] = "musicRooms",
        ["MusicRoomsM2"] = "musicRoomM2",
        ["ArtRooms"] = "artRooms",
        ["ArtRoomsM2"] = "artRoomM2",
    };

    protected internal override string KeyColumn => "year";
    protected internal override string KeyLabel => "学校和学年";

    /// <summary>Students per school and year (autumn census) and the county's range of 教学及辅助用房 per student.</summary>
    private Dictionary<(int, int), int> _students = [];
    private Dictionary<int, (double Min, double Max)> _range = [];

    protected internal override async Task<Dictionary<string, Facility>> LoadAsync(ImportContext ctx, CancellationToken ct)
    {
        await KindHelpers.LoadSchoolsAsync(ctx, ct);
        var list = await ctx.Db.Facilities.AsNoTracking().ToListAsync(ct);
        var students = await ctx.Db.GradeEnrolments.GroupBy(g => new { g.SchoolId, g.Year })
            .Select(g => new { g.Key.SchoolId, g.Key.Year, N = g.Sum(x => x.Students) })
            .ToListAsync(ct);
        _students = students.ToDictionary(s => (s.SchoolId, s.Year), s => s.N);
        _range = list
            .Where(f => _students.GetValueOrDefault((f.SchoolId, f.Year)) > 0 && f.TeachingAreaM2 > 0)
            .Select(f => (f.Year, PerStudent: f.TeachingAreaM2 / _students[(f.SchoolId, f.Year)]))
            .GroupBy(x => x.Year)
            .Where(g => g.Count() >= 3)
            .ToDictionary(g => g.Key, g => (g.Min(x => x.PerStudent), g.Max(x => x.PerStudent)));
        return list.ToDictionary(KeyOf);
    }

    protected internal override Facility? Build(RowValues row, ImportContext ctx)
    {
        var school = KindHelpers.School(row, "school", ctx);
        var year = row.Year("year");
        var land = row.Number("land");
        var building = row.Number("building");
        var teaching = row.Number("teaching");
        var indoor = row.Number("indoorSports");
        var admin = row.Number("admin");
        var living = row.Number("living");
        var sports = row.Number("sports");
        var equipment = row.Number("equipment");
        var multimedia = row.Whole("multimedia", 0, 100_000);
        var computers = row.Whole("computers", 0, 1_000_000);
        var books = row.Whole("books", 0, 100_000_000);
        var bandwidth = row.Whole("bandwidth", 0, 1_000_000);
        var musicRooms = row.Whole("musicRooms", 0, 1000);
        var musicM2 = row.Number("musicRoomM2", 0, 10_000);
        var artRooms = row.Whole("artRooms", 0, 1000);
        var artM2 = row.Number("artRoomM2", 0, 10_000);
        if (teaching is { } t && indoor is { } i && i > t)
        {
            row.Error("indoorSports", "室内体育用房是教学及辅助用房的一部分，不能大于它");
        }
        if (row.HasErrors)
        {
            return null;
        }
        return new Facility
        {
            SchoolId = school!.Id,
            Year = year!.Value,
            LandM2 = land ?? 0,
            BuildingM2 = building ?? 0,
            TeachingAreaM2 = teaching!.Value,
            IndoorSportsM2 = indoor ?? 0,
            AdministrativeM2 = admin ?? 0,
            LivingM2 = living ?? 0,
            SportsAreaM2 = sports!.Value,
            // The statistics tables give 万元; the registry keeps 元.
            EquipmentValueYuan = Math.Round(equipment!.Value * 10000, 2),
            MultimediaClassrooms = multimedia ?? 0,
            Computers = computers ?? 0,
            Books = books ?? 0,
            BandwidthMbps = bandwidth ?? 0,
            MusicRooms = musicRooms ?? 0,
            MusicRoomsM2 = musicM2 ?? 0,
            ArtRooms = artRooms ?? 0,
            ArtRoomsM2 = artM2 ?? 0,
        };
    }

    protected internal override string KeyOf(Facility e) => $"{e.SchoolId}|{e.Year}";

    /// <summary>教学及辅助用房 per student below half the county's smallest or above twice its largest value that year.</summary>
    protected internal override void Check(Facility e, RowValues row, ImportContext ctx)
    {
        if (_students.GetValueOrDefault((e.SchoolId, e.Year)) is var n && n > 0 && _range.TryGetValue(e.Year, out var r))
        {
            var per = e.TeachingAreaM2 / n;
            if (per < r.Min / 2 || per > r.Max * 2)
            {
                row.Warning("teaching", $"生均 {per:0.00} ㎡（{n} 名学生），远离本县同年范围 {r.Min:0.00}–{r.Max:0.00} ㎡");
            }
        }
    }
}
