using System.Globalization;
using System.Text;
using EduCounty.Common;
using EduCounty.Registry;
using EduCounty.Teachers;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace EduCounty.Tests.Imports;

/// <summary>
/// Writes one school year of a county as the national systems export it (the column names the templates list as
/// aliases, codes or names as those systems write them, IDs as text, 入学年月 as yyyyMM, 12-digit 统计用区划代码, the
/// 教学点 above their 所属学校 in one schools file, one file as GBK CSV) — from the demo county's records, so that an
/// import of the files can be compared with the demo itself.
/// </summary>
internal static class NationalFiles
{
    static NationalFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// The files in the recommended import order (kind, path). The census file also holds the school year two before
    /// (the 优质均衡 Q1 初中三年巩固率 reads that year's 初一), as the statistics file holds the earlier 一年级 intakes.
    /// </summary>
    public static async Task<IReadOnlyList<(string Kind, string Path)>> WriteAsync(EduDb demo, int year, string dir, bool census = true)
    {
        Directory.CreateDirectory(dir);
        var files = new List<(string, string)>();
        async Task Add(string kind, string name, IEnumerable<Dictionary<string, object?>> rows)
        {
            var path = Path.Combine(dir, name);
            if (name.EndsWith(".csv", StringComparison.Ordinal))
            {
                WriteGbkCsv(path, [.. rows]);
            }
            else
            {
                await MiniExcel.SaveAsAsync(path, rows, overwriteFile: true);
            }
            files.Add((kind, path));
        }
        var schools = await demo.Schools.AsNoTracking().ToListAsync();
        var code = schools.ToDictionary(s => s.Id, s => s.Code);
        await Add("divisions", "行政区划.xlsx", await DivisionsAsync(demo));
        await Add("schools", "学校基本信息.xlsx", Schools(schools, code));
        await Add("classes", "班级.xlsx", await ClassesAsync(demo, year, code));
        await Add("students", "学生学籍.xlsx", await StudentsAsync(demo, year, code));
        await Add("staff", "教职工.xlsx", await StaffAsync(demo, year, code));
        await Add("facilities", "办学条件.xlsx", await FacilitiesAsync(demo, year, code));
        await Add("finance", "学校经费.xlsx", await FinanceAsync(demo, year, code));
        await Add("population", "适龄人口.csv", await PopulationAsync(demo, year));
        await Add("statistics", "年度统计数据.xlsx", await StatisticsAsync(demo));
        if (census)
        {
            await Add("census", "教育事业统计基层报表.xlsx", await CensusAsync(demo, year, code));
        }
        return files;
    }

    /// <summary>
    /// The 教师队伍 files of the national 教师管理信息系统 (teachers.md §9) for the staff of <paramref name="year"/>: every
    /// training record (国内培训), the 教师资格 certificates, the 骨干 titles (teachers.md §7: no national layout, the import's own) and
    /// the 交流轮岗 roster, in that order (a roster's 骨干 reads the titles), by 工号 with 身份证件号 and 姓名, levels and
    /// kinds as the system names them. Written as xlsx; the teachers' own imports read them (issue 16).
    /// </summary>
    public static async Task<IReadOnlyList<(TeacherImportKind Kind, string Path)>> WriteTeacherFilesAsync(EduDb demo, int year, string dir)
    {
        Directory.CreateDirectory(dir);
        var protector = TestDatabases.Protector;
        var staff = await demo.StaffYears.AsNoTracking().Where(y => y.Year == year).Join(demo.Staff.AsNoTracking(), y => y.StaffId, s => s.Id, (y, s) => s).ToListAsync();
        var who = staff.ToDictionary(s => s.Id, s => (Number: s.StaffNumber, Id: protector.Decrypt(s.IdNumberCipher!), s.Name));
        var code = await demo.Schools.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Code);
        static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Dictionary<string, object?> Person(int id) => new() { ["工号"] = who[id].Number, ["身份证件号"] = who[id].Id, ["姓名"] = who[id].Name };
        var training = (await demo.TrainingRecords.AsNoTracking().OrderBy(t => t.Id).ToListAsync()).Where(t => who.ContainsKey(t.StaffId)).Select(t =>
        {
            var row = Person(t.StaffId);
            row["培训项目名称"] = t.Course;
            row["培训级别"] = TeacherLabels.Of(t.Level);
            row["培训形式"] = TeacherLabels.Of(t.Mode);
            row["开始日期"] = Day(t.StartDate);
            row["结束日期"] = Day(t.EndDate);
            row["学时"] = Text(t.Hours);
            row["学分"] = t.Credits is { } c ? Text(c) : null;
            row["企业实践天数"] = t.Days is { } d ? Text(d) : null;
            row["证书编号"] = t.CertificateNumber;
            row["主办单位"] = t.Organiser;
            return row;
        });
        var rotations = (await demo.TeacherRotations.AsNoTracking().Where(r => r.State != RotationState.Cancelled).OrderBy(r => r.Id).ToListAsync())
            .Where(r => who.ContainsKey(r.StaffId)).Select(r =>
            {
                var row = Person(r.StaffId);
                row["学年"] = new SchoolYear(r.Year).ToString();
                row["原学校标识码"] = code[r.FromSchoolId];
                row["交流学校标识码"] = code[r.ToSchoolId];
                row["交流方式"] = TeacherLabels.Of(r.Kind);
                row["开始日期"] = Day(r.StartDate);
                row["结束日期"] = r.EndDate is { } e ? Day(e) : null;
                return row;
            });
        var certificates = (await demo.TeacherQualifications.AsNoTracking().OrderBy(q => q.Id).ToListAsync()).Where(q => who.ContainsKey(q.StaffId)).Select(q =>
        {
            var row = Person(q.StaffId);
            row["资格种类"] = TeacherLabels.Of(q.Type);
            row["任教学科"] = q.Subject;
            row["证书号码"] = q.CertificateNumber;
            row["取得日期"] = q.IssuedOn is { } d ? Day(d) : null;
            row["认定机构"] = q.IssuedBy;
            return row;
        });
        var titles = (await demo.KeyTeacherTitles.AsNoTracking().OrderBy(k => k.Id).ToListAsync()).Where(k => who.ContainsKey(k.StaffId)).Select(k =>
        {
            var row = Person(k.StaffId);
            row["称号"] = TeacherLabels.Of(k.Kind);
            row["级别"] = TeacherLabels.Of(k.Level);
            row["学科"] = k.Subject;
            row["认定单位"] = k.AwardedBy;
            row["任期开始"] = Day(k.AwardedOn);
            row["任期结束"] = k.ValidUntil is { } u ? Day(u) : null;
            return row;
        });
        var files = new List<(TeacherImportKind, string)>();
        foreach (var (kind, name, rows) in new[]
        {
            (TeacherImportKind.Training, "国内培训.xlsx", training),
            (TeacherImportKind.Qualification, "教师资格.xlsx", certificates),
            (TeacherImportKind.KeyTitle, "骨干称号.xlsx", titles),
            (TeacherImportKind.Rotation, "交流轮岗.xlsx", rotations),
        })
        {
            var path = Path.Combine(dir, name);
            await MiniExcel.SaveAsAsync(path, rows.ToList(), overwriteFile: true);
            files.Add((kind, path));
        }
        return files;
    }

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Text(double n) => n.ToString("0.####", CultureInfo.InvariantCulture);

    private static string YesNo(bool b) => b ? "是" : "否";

    private static async Task<IEnumerable<Dictionary<string, object?>>> DivisionsAsync(EduDb db) =>
        (await db.Divisions.AsNoTracking().OrderBy(d => d.Code).ToListAsync()).Select(d => new Dictionary<string, object?>
        {
            // 统计用区划代码: 12 digits (县 652302000000, 乡镇 652302001000).
            ["统计用区划代码"] = d.Code.PadRight(12, '0'),
            ["名称"] = d.Name,
        });

    /// <summary>教学点 first: the file's order must not matter.</summary>
    private static IEnumerable<Dictionary<string, object?>> Schools(List<School> schools, Dictionary<int, string> code) =>
        schools.OrderByDescending(s => s.ParentSchoolId is not null).ThenBy(s => s.Code).Select(s => new Dictionary<string, object?>
        {
            ["学校识别码"] = s.Code,
            ["学校（机构）名称"] = s.Name,
            ["办学类型码"] = Text((int)s.Type),
            ["举办者"] = Labels.Of(s.Ownership),
            ["是否普惠性"] = s.Inclusive is { } i ? YesNo(i) : null,
            ["城乡分类"] = Labels.Of(s.Locality),
            ["所在县代码"] = s.CountyCode,
            ["乡镇街道代码"] = s.TownshipCode + "000",
            ["所属学校代码"] = s.ParentSchoolId is { } p ? code[p] : null,
            ["是否寄宿制"] = YesNo(s.Boarding),
            ["建校日期"] = s.OpenedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["撤销日期"] = s.ClosedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["学校地址"] = s.Address,
            ["是否使用国家通用语言文字教学"] = s.NationalLanguage is { } n ? YesNo(n) : null,
            ["数字校园达标年份"] = s.DigitalCampusYear switch
            {
                null => null,
                School.DigitalCampusNotReached => "未达标",
                var y => Text(y.Value),
            },
        });

    private static async Task<IEnumerable<Dictionary<string, object?>>> ClassesAsync(EduDb db, int year, Dictionary<int, string> code) =>
        (await db.Classes.AsNoTracking().Where(c => c.Year == year).OrderBy(c => c.Id).ToListAsync()).Select(c => new Dictionary<string, object?>
        {
            ["学校代码"] = code[c.SchoolId],
            ["学年度"] = new SchoolYear(year).ToString(),
            ["年级"] = Grade(c.Grade),
            ["班号"] = Text(c.Number),
            ["班级名称"] = c.Name,
            ["班额"] = Text(c.Headcount),
        });

    /// <summary>年级 as the 学籍系统 names them: 七/八/九年级 for 初中.</summary>
    private static string Grade(string grade) => grade[0] == 'J' ? $"{ChineseNumerals.Of(6 + grade[1] - '0')}年级" : Grades.Label(grade);

    private static async Task<IEnumerable<Dictionary<string, object?>>> StudentsAsync(EduDb db, int year, Dictionary<int, string> code)
    {
        var census = new SchoolYear(year).CensusDate;
        var rows = await db.StudentYears.AsNoTracking().Where(y => y.Year == year)
            .Join(db.Students.AsNoTracking(), y => y.StudentId, s => s.Id, (y, s) => new { y, s })
            .OrderBy(x => x.s.Id).ToListAsync();
        var classes = await db.Classes.AsNoTracking().Where(c => c.Year == year).ToDictionaryAsync(c => c.Id, c => c.Name);
        // 入学年月: when the student entered the current school (the last 入学/升学/转入 record up to the census).
        var ids = rows.Select(r => r.s.Id).ToHashSet();
        var entered = (await db.StatusChanges.AsNoTracking()
                .Where(c => c.Date <= census && (c.Type == StatusChangeType.Enrolment || c.Type == StatusChangeType.Promotion || c.Type == StatusChangeType.TransferIn))
                .Select(c => new { c.StudentId, c.Date }).ToListAsync())
            .Where(c => ids.Contains(c.StudentId))
            .GroupBy(c => c.StudentId).ToDictionary(g => g.Key, g => g.Max(c => c.Date));
        var protector = TestDatabases.Protector;
        return rows.Select(x => new Dictionary<string, object?>
        {
            ["全国学籍号"] = protector.Decrypt(x.s.StudentNumberCipher!),
            ["学生姓名"] = x.s.Name,
            ["身份证件号"] = x.s.IdNumberCipher is { } id ? protector.Decrypt(id) : null,
            ["性别"] = Labels.Of(x.s.Sex),
            ["出生日期"] = x.s.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["民族码"] = x.s.EthnicityCode,
            ["户口性质"] = Labels.Of(x.s.Hukou),
            ["学校标识码"] = code[x.y.SchoolId],
            ["年级"] = Grade(x.y.Grade),
            ["班级"] = x.y.ClassId is { } c ? classes[c] : null,
            ["入学年月"] = entered.GetValueOrDefault(x.s.Id, x.s.EnrolledOn).ToString("yyyyMM", CultureInfo.InvariantCulture),
            ["残疾类型"] = x.s.DisabilityOf(protector) is { } d ? Labels.Of(d) : null,
            ["是否随迁子女"] = YesNo(x.s.MigrantChild),
            ["是否留守儿童"] = YesNo(x.s.LeftBehindChild),
        });
    }

    private static async Task<IEnumerable<Dictionary<string, object?>>> StaffAsync(EduDb db, int year, Dictionary<int, string> code)
    {
        var rows = await db.StaffYears.AsNoTracking().Where(y => y.Year == year)
            .Join(db.Staff.AsNoTracking().Include(s => s.Assignments), y => y.StaffId, s => s.Id, (y, s) => new { y, s })
            .OrderBy(x => x.s.Id).ToListAsync();
        var protector = TestDatabases.Protector;
        return rows.Select(x =>
        {
            var last = x.s.Assignments.Where(a => a.SchoolId == x.y.SchoolId).OrderByDescending(a => a.From).FirstOrDefault();
            return new Dictionary<string, object?>
            {
                ["身份证件号码"] = protector.Decrypt(x.s.IdNumberCipher!),
                ["教职工号"] = x.s.StaffNumber,
                ["姓名"] = x.s.Name,
                ["性别码"] = Text((int)x.s.Sex),
                ["出生日期"] = x.s.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["民族"] = x.s.EthnicityCode,
                ["任职学校标识码"] = code[x.y.SchoolId],
                ["岗位类别"] = Labels.Of(x.y.PostType),
                ["编制类型"] = Labels.Of(x.y.Establishment),
                ["最高学历"] = Labels.Of(x.y.Degree),
                ["专业技术职务"] = Labels.Of(x.y.Title),
                ["任教学段"] = x.y.StageTaught is { } st ? Labels.Of(st) : null,
                ["主要任教学科"] = x.y.Subjects,
                ["是否具有教师资格证"] = YesNo(x.y.TeacherCertificate),
                ["普通话水平"] = x.y.MandarinLevel is { } m ? Labels.Of(m) : null,
                ["是否双师型教师"] = YesNo(x.y.DualQualified),
                ["骨干教师级别"] = x.y.KeyTeacherLevel is { } k ? Labels.Of(k) : null,
                ["参加工作日期"] = x.s.HireDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["进本校年月"] = last is { } a && a.From > x.s.HireDate ? a.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                ["是否交流轮岗"] = YesNo(last?.Reason?.Contains("交流轮岗", StringComparison.Ordinal) == true),
            };
        });
    }

    private static async Task<IEnumerable<Dictionary<string, object?>>> FacilitiesAsync(EduDb db, int year, Dictionary<int, string> code) =>
        (await db.Facilities.AsNoTracking().Where(f => f.Year == year).OrderBy(f => f.SchoolId).ToListAsync()).Select(f => new Dictionary<string, object?>
        {
            ["学校代码"] = code[f.SchoolId],
            ["学年"] = Text(year),
            ["学校占地面积"] = Text(f.LandM2),
            ["建筑面积"] = Text(f.BuildingM2),
            ["教学及辅助用房"] = Text(f.TeachingAreaM2),
            ["室内体育用房"] = Text(f.IndoorSportsM2),
            ["行政办公用房"] = Text(f.AdministrativeM2),
            ["生活用房"] = Text(f.LivingM2),
            ["体育运动场（馆）面积"] = Text(f.SportsAreaM2),
            // 万元, as the statistics tables give it.
            ["教学仪器设备资产值"] = Text(f.EquipmentValueYuan / 10000),
            ["网络多媒体教室"] = Text(f.MultimediaClassrooms),
            ["教学用计算机"] = Text(f.Computers),
            ["图书册数"] = Text(f.Books),
            ["互联网出口带宽"] = Text(f.BandwidthMbps),
            ["音乐专用教室"] = Text(f.MusicRooms),
            ["音乐专用教室面积"] = Text(f.MusicRoomsM2),
            ["美术专用教室"] = Text(f.ArtRooms),
            ["美术专用教室面积"] = Text(f.ArtRoomsM2),
        });

    private static async Task<IEnumerable<Dictionary<string, object?>>> FinanceAsync(EduDb db, int year, Dictionary<int, string> code) =>
        (await db.Finances.AsNoTracking().Where(f => f.Year == year).OrderBy(f => f.SchoolId).ToListAsync()).Select(f => new Dictionary<string, object?>
        {
            ["学校代码"] = code[f.SchoolId],
            ["学年度"] = new SchoolYear(year).ToString(),
            ["公用经费支出"] = Text(f.PublicFundsYuan / 10000),
            ["培训经费"] = Text(f.TeacherTrainingYuan / 10000),
        });

    private static async Task<IEnumerable<Dictionary<string, object?>>> PopulationAsync(EduDb db, int year) =>
        (await db.AgePopulations.AsNoTracking().Where(p => p.Year == year).OrderBy(p => p.DivisionCode).ThenBy(p => p.Age).ToListAsync()).Select(p => new Dictionary<string, object?>
        {
            ["行政区划代码"] = p.DivisionCode,
            ["统计年份"] = Text(p.Year),
            ["周岁"] = Text(p.Age),
            ["人口数"] = Text(p.Count),
        });

    private static async Task<IEnumerable<Dictionary<string, object?>>> StatisticsAsync(EduDb db) =>
        (await db.YearlyStatistics.AsNoTracking().OrderBy(s => s.Year).ThenBy(s => s.Key).ToListAsync()).Select(s => new Dictionary<string, object?>
        {
            ["行政区划代码"] = s.DivisionCode,
            ["学年"] = new SchoolYear(s.Year).ToString(),
            ["指标代码"] = s.Key,
            ["数值"] = Text(s.Value),
            ["数据来源"] = s.Source,
        });

    private static async Task<IEnumerable<Dictionary<string, object?>>> CensusAsync(EduDb db, int year, Dictionary<int, string> code) =>
        (await db.GradeEnrolments.AsNoTracking().Where(e => e.Year == year || e.Year == year - 2)
            .OrderBy(e => e.Year).ThenBy(e => e.SchoolId).ThenBy(e => e.Grade).ThenBy(e => e.Sex).ToListAsync())
        .Select(e => new Dictionary<string, object?>
        {
            ["学校标识码"] = code[e.SchoolId],
            ["学年"] = new SchoolYear(e.Year).ToString(),
            ["年级"] = Grade(e.Grade),
            ["性别"] = Labels.Of(e.Sex),
            ["在校生数"] = Text(e.Students),
            ["招生数"] = Text(e.NewEntrants),
            ["毕业生数"] = e.Graduates is { } g ? Text(g) : null,
            ["应届初中毕业生招生数"] = e.FreshGraduateEntrants is { } f ? Text(f) : null,
        });

    /// <summary>CSV in GBK, as older exports come (the one reader detects the encoding).</summary>
    private static void WriteGbkCsv(string path, List<Dictionary<string, object?>> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(",", rows[0].Keys));
        foreach (var r in rows)
        {
            sb.AppendLine(string.Join(",", r.Values.Select(v => v?.ToString() ?? "")));
        }
        File.WriteAllBytes(path, Encoding.GetEncoding("GBK").GetBytes(sb.ToString()));
    }
}
