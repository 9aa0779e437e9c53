using EduCounty.Common;
using EduCounty.Periods;
using EduCounty.Registry;
using EduCounty.Tests.Imports;
using Microsoft.EntityFrameworkCore;
using static EduCounty.Tests.Periods.PeriodCounty;

namespace EduCounty.Tests.Periods;

/// <summary>
/// Issue 22 §2 for 办学条件 and 经费: the forms' rules (pure), the school's entry through the chain to the county's
/// approval on SQLite and PostgreSQL, a locked period refusing the entry, and the school-level upload (census and
/// 办学条件) filling the draft or refused with file, row and column named and nothing written.
/// </summary>
public sealed class SchoolFormTests
{
    /// <summary>
    /// A school of 1300 ㎡ 校舍: 教学及辅助 1000 + 行政办公 150 + 生活 100 + 其他 50 = 1300 (hand sum); 占地 5000 of which
    /// 运动场 2000; 室内体育 80 of 教学及辅助 1000; 设备 12.5 万元; 8000 册, 60 台, 6 间多媒体, 1 间音乐 96 ㎡, 1 间美术 90 ㎡.
    /// </summary>
    private static Dictionary<string, decimal> Facilities(decimal building = 1300, decimal books = 8000) => new()
    {
        ["LandM2"] = 5000,
        ["SportsAreaM2"] = 2000,
        ["BuildingM2"] = building,
        ["TeachingAreaM2"] = 1000,
        ["IndoorSportsM2"] = 80,
        ["AdministrativeM2"] = 150,
        ["LivingM2"] = 100,
        [SchoolFormEntry.OtherM2] = 50,
        ["EquipmentValueYuan"] = 12.5m,
        ["Books"] = books,
        ["Computers"] = 60,
        ["MultimediaClassrooms"] = 6,
        ["MusicRooms"] = 1,
        ["MusicRoomsM2"] = 96,
        ["ArtRooms"] = 1,
        ["ArtRoomsM2"] = 90,
        ["BandwidthMbps"] = 100,
    };

    [Fact]
    public void The_facilities_and_finance_rules_find_what_a_reviewer_would()
    {
        Assert.Empty(SchoolFormEntry.Check(PeriodForms.Facilities, Facilities()));
        // 1290 against the parts' 1300; 室内体育 1001 above 教学及辅助 1000; 1.5 册; a music room of 0 ㎡; negative 计算机.
        var broken = Facilities(building: 1290);
        (broken["IndoorSportsM2"], broken["Books"], broken["MusicRoomsM2"], broken["Computers"]) = (1001, 1.5m, 0, -1);
        var problems = SchoolFormEntry.Check(PeriodForms.Facilities, broken);
        Assert.Equal(["Books", "Computers", "IndoorSportsM2", "BuildingM2", "MusicRoomsM2"], problems.Select(p => p.Field));
        Assert.Equal("校舍建筑面积合计（1290 ㎡）不等于教学及辅助用房、行政办公用房、生活用房、其他用房之和（1300 ㎡）", problems[3].Message);
        Assert.Equal("其中：室内体育用房（1001 ㎡）是教学及辅助用房的一部分，不能大于它（1000 ㎡）", problems[2].Message);
        Assert.Equal(("图书（册）应为整数", "计算机（台）不能为负数"), (problems[0].Message, problems[1].Message));
        // 经费: 培训 3 万元 of 公用 2.5 万元 is more than its whole; 2.5 and 0.12 (5 % is 0.125) pass.
        Assert.Equal(["TeacherTrainingYuan"], SchoolFormEntry.Check(PeriodForms.Finance, new Dictionary<string, decimal> { ["PublicFundsYuan"] = 2.5m, ["TeacherTrainingYuan"] = 3 }).Select(p => p.Field));
        Assert.Empty(SchoolFormEntry.Check(PeriodForms.Finance, new Dictionary<string, decimal> { ["PublicFundsYuan"] = 2.5m, ["TeacherTrainingYuan"] = 0.12m }));

        // Jumps (20 %, counts more than 5 apart): 图书 8000 → 12000 is +50 %; 计算机 60 → 63 is 3 apart (no); 占地 5000 → 5500 +10 % (no).
        var last = Facilities();
        var now = Facilities(books: 12000);
        (now["Computers"], now["LandM2"]) = (63, 5500);
        var form = new SchoolFormEntry.Form(PeriodForms.Facilities, 1, "第1小学", Year, now, last, SubmissionState.NotFilled, []);
        Assert.Equal(["图书 12000 册（上年 8000 册，+50%）"], SchoolFormEntry.JumpTexts(form, PeriodRules.Default()));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_school_enters_its_facilities_and_finance_and_the_approved_figures_are_the_registry_rows(string provider)
    {
        var (county, setting) = await CreateAsync(provider, "school-forms");
        await using var _ = county;
        await ManagePeriod.OpenAsync(county, Year, PeriodForms.Facilities, null);
        await ManagePeriod.OpenAsync(county, Year, PeriodForms.Finance, null);
        // Last year's 办学条件 as an import left it (元): as this year's but 设备 100000 元 = 10 万元.
        county.Facilities.Add(new Facility
        {
            SchoolId = 1,
            Year = Year - 1,
            LandM2 = 5000,
            SportsAreaM2 = 2000,
            BuildingM2 = 1300,
            TeachingAreaM2 = 1000,
            IndoorSportsM2 = 80,
            AdministrativeM2 = 150,
            LivingM2 = 100,
            EquipmentValueYuan = 100_000,
            Books = 8000,
            Computers = 60,
            MultimediaClassrooms = 6,
            MusicRooms = 1,
            MusicRoomsM2 = 96,
            ArtRooms = 1,
            ArtRoomsM2 = 90,
            BandwidthMbps = 100,
        });
        await county.SaveChangesAsync();

        await using var school = Open(setting, [1], Clerk.Name);
        await SchoolFormEntry.SaveAsync(school, Clerk, PeriodForms.Facilities, 1, Year, Facilities(books: 12000));
        var form = await SchoolFormEntry.GetAsync(school, PeriodForms.Facilities, 1, Year);
        // Last year's 其他用房 is the remainder 1300 − 1000 − 150 − 100 = 50; 设备 10 万元.
        Assert.Equal((50m, 10m, 12.5m), (form.LastYear![SchoolFormEntry.OtherM2], form.LastYear["EquipmentValueYuan"], form.Values!["EquipmentValueYuan"]));
        // Another school's form is outside the clerk's scope; a 乡镇 user cannot write a school's figures.
        Assert.Contains("不在您的管理范围内", (await Assert.ThrowsAsync<RuleException>(() =>
            SchoolFormEntry.SaveAsync(school, Clerk, PeriodForms.Facilities, 2, Year, Facilities()))).Message, StringComparison.Ordinal);
        await using var townA = Open(setting, [1, 2], TownshipA.Name);
        await Assert.ThrowsAsync<RuleException>(() => SchoolFormEntry.SaveAsync(townA, TownshipA, PeriodForms.Facilities, 1, Year, Facilities()));
        // A broken total is refused on save, nothing changed.
        await Assert.ThrowsAsync<RuleException>(() => SchoolFormEntry.SaveAsync(school, Clerk, PeriodForms.Facilities, 1, Year, Facilities(building: 1299)));

        // 设备 +25 % and 图书 +50 % (the only changes) need the reason on submit.
        var jump = await Assert.ThrowsAsync<RuleException>(() => SubmissionChain.HandleAsync(school, Clerk, new(Year, PeriodForms.Facilities, 1, ChainAction.Submit)));
        Assert.EndsWith("：教学仪器设备资产值 12.5 万元（上年 10 万元，+25%）；图书 12000 册（上年 8000 册，+50%）", jump.Message, StringComparison.Ordinal);
        await SubmissionChain.HandleAsync(school, Clerk, new(Year, PeriodForms.Facilities, 1, ChainAction.Submit, "新建图书室"));
        await SubmissionChain.HandleAsync(townA, TownshipA, new(Year, PeriodForms.Facilities, 1, ChainAction.TownshipApprove));
        Assert.Equal(SubmissionState.CountyApproved, await SubmissionChain.HandleAsync(county, County, new(Year, PeriodForms.Facilities, 1, ChainAction.CountyApprove)));

        // 经费: nothing entered yet cannot be submitted; then 2.5 万元 and 0.12 万元.
        Assert.Contains("还没有填写本学年的经费", (await Assert.ThrowsAsync<RuleException>(() =>
            SubmissionChain.HandleAsync(school, Clerk, new(Year, PeriodForms.Finance, 1, ChainAction.Submit)))).Message, StringComparison.Ordinal);
        await SchoolFormEntry.SaveAsync(school, Clerk, PeriodForms.Finance, 1, Year, new Dictionary<string, decimal> { ["PublicFundsYuan"] = 2.5m, ["TeacherTrainingYuan"] = 0.12m });
        await SubmissionChain.HandleAsync(school, Clerk, new(Year, PeriodForms.Finance, 1, ChainAction.Submit));
        await SubmissionChain.HandleAsync(townA, TownshipA, new(Year, PeriodForms.Finance, 1, ChainAction.TownshipApprove));
        await SubmissionChain.HandleAsync(county, County, new(Year, PeriodForms.Finance, 1, ChainAction.CountyApprove));

        // The approved figures are the registry's rows of the 学年, in 元 and ㎡.
        county.ChangeTracker.Clear();
        var f = await county.Facilities.SingleAsync(x => x.SchoolId == 1 && x.Year == Year);
        Assert.Equal((1300d, 1000d, 80d, 125_000d, 12000, 96d), (f.BuildingM2, f.TeachingAreaM2, f.IndoorSportsM2, f.EquipmentValueYuan, f.Books, f.MusicRoomsM2));
        var money = await county.Finances.SingleAsync(x => x.SchoolId == 1 && x.Year == Year);
        Assert.Equal((25_000d, 1_200d), (money.PublicFundsYuan, money.TeacherTrainingYuan));
        // The county's status page of 办学条件: school 1 approved.
        Assert.Equal(SubmissionState.CountyApproved, (await GetPeriodStatus.HandleAsync(county, Year, PeriodForms.Facilities)).Schools.Single(s => s.SchoolId == 1).State);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task A_locked_facilities_or_finance_period_refuses_the_entry(string provider)
    {
        var (county, setting) = await CreateAsync(provider, "school-forms-lock");
        await using var _ = county;
        foreach (var form in new[] { PeriodForms.Facilities, PeriodForms.Finance })
        {
            await ManagePeriod.OpenAsync(county, Year, form, null);
            await ManagePeriod.LockAsync(county, Year, form);
        }
        await using var school = Open(setting, [1], Clerk.Name);
        var facilities = await Assert.ThrowsAsync<RuleException>(() => SchoolFormEntry.SaveAsync(school, Clerk, PeriodForms.Facilities, 1, Year, Facilities()));
        Assert.Contains("2025-2026 学年办学条件已锁定（第 1 版）", facilities.Message, StringComparison.Ordinal);
        var finance = await Assert.ThrowsAsync<RuleException>(() => SchoolFormEntry.SaveAsync(school, Clerk, PeriodForms.Finance, 1, Year,
            new Dictionary<string, decimal> { ["PublicFundsYuan"] = 1 }));
        Assert.Contains("2025-2026 学年经费已锁定（第 1 版）", finance.Message, StringComparison.Ordinal);
        // The upload goes the same way; no step is taken on a locked period.
        var path = ImportTestFiles.Xlsx("finance.xlsx", ["栏目", "数值"], [["公用经费支出", 2.5], ["其中：教师培训经费", 0.12]]);
        await using (var s = File.OpenRead(path))
        {
            await Assert.ThrowsAsync<RuleException>(() => FormUpload.FieldsAsync(school, Clerk, PeriodForms.Finance, 1, Year, s, "finance.xlsx"));
        }
        await Assert.ThrowsAsync<RuleException>(() => SubmissionChain.HandleAsync(school, Clerk, new(Year, PeriodForms.Facilities, 1, ChainAction.Submit)));
        Assert.Equal((0, 0), (await county.Facilities.CountAsync(), await county.Finances.CountAsync()));
    }

    private static readonly string[] CensusHeaders = ["年级", "性别", "在校生数", "招生数", "毕业生数", "班数"];

    /// <summary>Six primary grades, 20 boys and 18 girls each (as <see cref="PeriodCounty.Lines"/>): 12 rows, row 2 to 13 of the sheet.</summary>
    private static List<object?[]> CensusRows() => [.. Grades.Primary.SelectMany(g => new object?[][]
    {
        [Grades.Label(g), "男", 20, g == "P1" ? 20 : null, g == "P6" ? 15 : null, 1],
        [Grades.Label(g), "女", 18, g == "P1" ? 18 : null, g == "P6" ? 14 : null, 1],
    })];

    private static async Task<FormUpload.Result> Upload(EduDb db, string path, string? form = null, EduCounty.Common.Tabular.TabularLimits? limits = null)
    {
        await using var s = File.OpenRead(path);
        return form is null
            ? await FormUpload.CensusAsync(db, Clerk, 1, Year, s, Path.GetFileName(path), limits)
            : await FormUpload.FieldsAsync(db, Clerk, form, 1, Year, s, Path.GetFileName(path), limits);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Providers), MemberType = typeof(TestDatabases))]
    public async Task The_school_upload_fills_the_draft_and_a_bad_file_is_refused_naming_file_row_and_column_with_nothing_written(string provider)
    {
        var (county, setting) = await CreateAsync(provider, "school-forms-upload");
        await using var _ = county;
        await ManagePeriod.OpenAsync(county, Year, PeriodForms.Census, null);
        await ManagePeriod.OpenAsync(county, Year, PeriodForms.Facilities, null);
        await using var school = Open(setting, [1], Clerk.Name);

        // 3 entrants in 二年级 男 (sheet row 4, 招生数 in column D); 性别 “男生” in row 5 (column B); nothing written.
        var rows = CensusRows();
        rows[2][3] = 3;
        rows[3][1] = "男生";
        var bad = await Upload(school, ImportTestFiles.Xlsx("census.xlsx", CensusHeaders, rows));
        Assert.Equal(["文件 census.xlsx 第 5 行 B 列：性别“男生”应为 男 或 女"], bad.Errors);
        rows[3][1] = "女";
        bad = await Upload(school, ImportTestFiles.Xlsx("census.xlsx", CensusHeaders, rows));
        Assert.Equal(["文件 census.xlsx 第 4 行 D 列：二年级：招生数只填在各学段的起始年级（一年级、初一、高一等），应为 0"], bad.Errors);
        Assert.Equal(0, await county.GradeEnrolments.CountAsync());

        // A zip bomb (64 MB of blanks in the sheet) is refused by the reader's guard, before any row.
        var bombPath = ImportTestFiles.Xlsx("bomb.xlsx", CensusHeaders, CensusRows());
        ImportTestFiles.ReplacePart(bombPath, "xl/worksheets/sheet1.xml", x => x.Replace("</x:sheetData>", new string(' ', 64 << 20) + "</x:sheetData>", StringComparison.Ordinal));
        var bomb = await Upload(school, bombPath);
        Assert.Contains("bomb.xlsx", Assert.Single(bomb.Errors), StringComparison.Ordinal);
        Assert.Equal(0, await county.GradeEnrolments.CountAsync());

        // The good file fills the draft: 12 rows, 在校生 6 × (20 + 18) = 228; the form stays 未填报 (not submitted).
        var good = await Upload(school, ImportTestFiles.Xlsx("census.xlsx", CensusHeaders, CensusRows()));
        Assert.Equal((true, 12), (good.Saved, good.Rows));
        Assert.Equal((12, 228), (await county.GradeEnrolments.CountAsync(e => e.Year == Year), await county.GradeEnrolments.Where(e => e.Year == Year).SumAsync(e => e.Students)));
        Assert.Equal(SubmissionState.NotFilled, (await CensusEntry.GetAsync(school, 1, Year)).State);

        // 办学条件: 室内体育 1001 above 教学及辅助 1000 at its row (row 6 of the sheet, value in B).
        var items = SchoolFormEntry.FacilityFields.Select(f => new object?[] { f.Label, (double)Facilities()[f.Key] }).ToList();
        items[4][1] = 1001d;
        var badFacilities = await Upload(school, ImportTestFiles.Xlsx("facilities.xlsx", ["栏目", "数值"], items), PeriodForms.Facilities);
        Assert.Equal(["文件 facilities.xlsx 第 6 行 B 列：其中：室内体育用房（1001 ㎡）是教学及辅助用房的一部分，不能大于它（1000 ㎡）"], badFacilities.Errors);
        Assert.Equal(0, await county.Facilities.CountAsync());
        items[4][1] = 80d;
        Assert.True((await Upload(school, ImportTestFiles.Xlsx("facilities.xlsx", ["栏目", "数值"], items), PeriodForms.Facilities)).Saved);
        Assert.Equal(125_000d, (await county.Facilities.SingleAsync()).EquipmentValueYuan);
    }
}
