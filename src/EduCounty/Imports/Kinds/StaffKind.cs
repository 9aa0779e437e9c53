using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Imports.Kinds;

/// <summary>教职工 as the 教师管理信息系统 exports them; natural key 身份证号 (keyed hash), 教职工号 unique.</summary>
public sealed class StaffKind : ImportKind<Staff>
{
    public override string Name => "staff";
    public override string Title => "教职工";

    public override IReadOnlyList<ImportColumn> Columns { get; } =
    [
        new("id", "身份证号", true, "18 位居民身份证号（GB 11643，含校验码）；加密保存", null, null, "身份证件号", "身份证件号码", "公民身份号码", "身份证号码"),
        new("number", "教职工号", true, "文本，最长 30 字", null, null, "工号", "教师编号", "教职工编号"),
        new("name", "姓名", true, "文本，最长 50 字", null, null, "教职工姓名"),
        new("sex", "性别", true, "代码或名称", null, CodeLists.Sex.Describe(), "性别码"),
        new("birth", "出生日期", false, "yyyy-MM-dd；空则取身份证号中的日期", null, null, "出生年月日"),
        new("ethnicity", "民族", true, "GB/T 3304 代码或名称", null, CodeLists.Ethnicity.Describe(), "民族码"),
        new("school", "学校标识码", true, "10 位学校标识码（学校须已导入）", null, null, "学校代码", "任职学校标识码"),
        new("post", "岗位类别", true, "代码或名称", null, CodeLists.PostType.Describe(), "岗位类型"),
        new("establishment", "编制", true, "代码或名称", null, CodeLists.Establishment.Describe(), "编制类型", "用人形式"),
        new("degree", "学历", true, "代码或名称", null, CodeLists.Degree.Describe(), "最高学历"),
        new("title", "职称", true, "代码或名称", null, CodeLists.Title.Describe(), "专业技术职务", "职称等级"),
        new("stage", "任教学段", false, "代码或名称", null, CodeLists.Stage.Describe()),
        new("subjects", "任教学科", false, "学科名称，多个用逗号分隔", null, null, "主要任教学科"),
        new("certificate", "教师资格证", false, "是/否", null, null, "是否具有教师资格证"),
        new("mandarin", "普通话等级", false, "名称或代码", null, CodeLists.Mandarin.Describe(), "普通话水平"),
        new("dual", "双师型", false, "是/否（中职）", null, null, "是否双师型教师"),
        new("hired", "入职日期", true, "yyyy-MM-dd", null, null, "参加工作日期", "进本校日期"),
    ];

    protected override string[] Compared { get; } =
        ["StaffNumber", "Name", "Sex", "BirthDate", "EthnicityCode", "SchoolId", "PostType", "Establishment", "Degree", "Title",
         "StageTaught", "Subjects", "TeacherCertificate", "MandarinLevel", "DualQualified", "HireDate"];

    protected internal override IReadOnlyDictionary<string, string> OptionalSources { get; } = new Dictionary<string, string>
    {
        ["StageTaught"] = "stage",
        ["Subjects"] = "subjects",
        ["TeacherCertificate"] = "certificate",
        ["MandarinLevel"] = "mandarin",
        ["DualQualified"] = "dual",
    };

    protected internal override string KeyColumn => "id";
    protected internal override string KeyLabel => "身份证号";

    protected internal override async Task<Dictionary<string, Staff>> LoadAsync(ImportContext ctx, CancellationToken ct)
    {
        await KindHelpers.LoadSchoolsAsync(ctx, ct);
        var list = await ctx.Db.Staff.AsNoTracking().Where(s => s.IdNumberHash != null).ToListAsync(ct);
        return list.ToDictionary(s => s.IdNumberHash!);
    }

    protected internal override Staff? Build(RowValues row, ImportContext ctx)
    {
        var id = KindHelpers.IdNumberOf(row, "id");
        var number = row.Text("number", 30);
        var name = row.Text("name", 50);
        var sex = row.Code("sex", CodeLists.Sex);
        var birth = row.Date("birth");
        var ethnicity = KindHelpers.Ethnicity(row, "ethnicity");
        var school = KindHelpers.School(row, "school", ctx);
        var post = row.Code("post", CodeLists.PostType);
        var establishment = row.Code("establishment", CodeLists.Establishment);
        var degree = row.Code("degree", CodeLists.Degree);
        var title = row.Code("title", CodeLists.Title);
        var stage = row.Code("stage", CodeLists.Stage);
        var subjects = row.Text("subjects", 100);
        var certificate = row.Bool("certificate");
        var mandarin = row.Code("mandarin", CodeLists.Mandarin);
        var dual = row.Bool("dual");
        var hired = row.Date("hired");
        KindHelpers.AgreesWithId(row, id, sex, birth);
        if (row.HasErrors)
        {
            return null;
        }
        return new Staff
        {
            StaffNumber = number!,
            IdNumberCipher = ctx.Protector.Encrypt(id!),
            IdNumberHash = ctx.Protector.LookupHash(id!),
            Name = name!,
            Sex = sex!.Value,
            BirthDate = birth ?? IdNumber.BirthDate(id!)!.Value,
            EthnicityCode = ethnicity!,
            SchoolId = school!.Id,
            PostType = post!.Value,
            Establishment = establishment!.Value,
            Degree = degree!.Value,
            Title = title!.Value,
            StageTaught = stage,
            Subjects = subjects,
            TeacherCertificate = certificate ?? false,
            MandarinLevel = mandarin,
            DualQualified = dual ?? false,
            HireDate = hired!.Value,
        };
    }

    protected internal override string KeyOf(Staff e) => e.IdNumberHash!;

    protected internal override IEnumerable<(string Column, string Value)> UniqueValues(Staff e) => [("number", e.StaffNumber)];

    /// <summary>Hired before 18 or older than 65 today: probably a wrong date.</summary>
    protected internal override void Check(Staff e, RowValues row, ImportContext ctx)
    {
        if (KindHelpers.AgeOn(e.BirthDate, e.HireDate) < 18)
        {
            row.Warning("hired", "入职时未满 18 岁");
        }
        if (e.HireDate > ctx.Today)
        {
            row.Warning("hired", "入职日期晚于今天");
        }
        if (KindHelpers.AgeOn(e.BirthDate, ctx.Today) > 65)
        {
            row.Warning("birth", "年龄超过 65 岁");
        }
    }
}
