using EduCounty.Common;
using EduCounty.Common.Protection;
using EduCounty.Registry;
using EduCounty.StudentAid;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Demo;

/// <summary>
/// 学生资助 in the demo county (issue 17 item 6: "aid for the hardship students"), deterministic: every 在读 student whose 学籍
/// carries a 家庭经济困难 category gets the last 学年's 认定 (level by category: 建档立卡/特困 特别困难, 低保/残疾 困难, 孤儿 困难,
/// 其他 一般困难) and an autumn-term application for each programme of aid-rules.json their stage and category qualify for
/// (学前资助; 寄宿生 or 四类非寄宿生 生活补助 and 营养膳食补助; 普高 国家助学金 and 免学杂费; 中职 国家助学金 and 免学费). About
/// 90 % are paid, the rest wait at a step of the chain (so 首页 shows reminders and the coverage is not quite 100 %); the funds
/// received per programme are the paid sum rounded up to 0.1 万元 (one programme short by 0.05 万元, to show a 差额).
/// </summary>
public static class DemoAid
{
    public static async Task FillAsync(EduDb db, PersonalDataProtector protector, string county, int lastYear, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(protector);
        if (await db.HardshipAssessments.AnyAsync(ct)) return;
        var rules = AidRules.Default();
        var year = new SchoolYear(lastYear);
        var term = AidTerm.Autumn;
        var start = AidRules.TermStart(year, term);
        var students = await db.Students.AsNoTracking()
            .Where(s => s.Status == StudentStatus.Enrolled && s.HardshipCipher != null && s.School!.CountyCode == county)
            .OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.SchoolId, s.Grade, s.HardshipCipher, s.School!.Type, s.School.Boarding })
            .ToListAsync(ct);
        var rng = new Random(20261206);
        var assessed = new DateOnly(lastYear, 9, 20);
        var apps = new List<AidApplication>();
        foreach (var s in students)
        {
            var probe = new Student { Name = "", StudentNumber = "", StudentNumberHash = "", EthnicityCode = "", Grade = s.Grade, HardshipCipher = s.HardshipCipher };
            if (probe.HardshipOf(protector) is not { } category) continue;
            var level = category switch
            {
                FinancialHardship.RegisteredPoor or FinancialHardship.ExtremePoor => HardshipLevel.Special,
                FinancialHardship.Other => HardshipLevel.General,
                _ => HardshipLevel.Hard,
            };
            var a = new HardshipAssessment { StudentId = s.Id, SchoolId = s.SchoolId, Year = lastYear, DetailCipher = [], AssessedOn = assessed, AssessedBy = "学校资助工作领导小组" };
            a.SetDetail(protector, level, category);
            a.CoverageGroup = rules.InCoverageGroup(category);
            db.HardshipAssessments.Add(a);
            var stage = Grades.StageOf(s.Grade, s.Type);
            IEnumerable<string> wanted = stage switch
            {
                Stage.Preschool => ["PreschoolAid"],
                Stage.Primary or Stage.Junior => [s.Boarding ? "LivingBoarding" : "LivingDay", "Nutrition"],
                Stage.Senior => ["SeniorGrant", "SeniorFeeWaiver"],
                Stage.Vocational => ["VocGrant", "VocTuition"],
                _ => [],
            };
            var x = rng.NextDouble();
            var status = x < 0.9 ? AidStatus.Paid : x < 0.95 ? AidStatus.Approved : x < 0.98 ? AidStatus.SchoolReviewed : AidStatus.Submitted;
            foreach (var code in wanted)
            {
                var p = rules.Programme(code);
                if (AidRules.Ineligibility(p, level, category) is not null) continue;
                if (AidRules.StandardOn(p, stage, s.Grade, start) is not { } standard) continue;
                var amount = AidRules.TermAmount(standard);
                apps.Add(new AidApplication
                {
                    StudentId = s.Id,
                    SchoolId = s.SchoolId,
                    Grade = s.Grade,
                    Programme = p.Code,
                    StackGroup = p.StackGroup,
                    Year = lastYear,
                    Term = term,
                    Amount = amount,
                    Status = status,
                    SubmittedOn = new DateOnly(lastYear, 9, 25),
                    SubmittedBy = "学校资助专干",
                    SchoolReviewedOn = status >= AidStatus.SchoolReviewed ? new DateOnly(lastYear, 10, 8) : null,
                    SchoolReviewedBy = status >= AidStatus.SchoolReviewed ? "学校管理员" : null,
                    ApprovedOn = status >= AidStatus.Approved ? new DateOnly(lastYear, 10, 20) : null,
                    ApprovedBy = status >= AidStatus.Approved ? "县学生资助管理中心" : null,
                    PaidAmount = status == AidStatus.Paid ? amount : null,
                    PaidOn = status == AidStatus.Paid ? new DateOnly(lastYear, 11, 15) : null,
                    PaidBy = status == AidStatus.Paid ? "县学生资助管理中心" : null,
                });
            }
        }
        db.AidApplications.AddRange(apps);
        var first = true;
        foreach (var g in apps.Where(a => a.Status == AidStatus.Paid).GroupBy(a => a.Programme).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var wan = Math.Ceiling(g.Sum(a => a.Amount) / 1000m) / 10m;
            db.AidFundings.Add(new AidFunding
            {
                Programme = g.Key,
                Year = lastYear,
                Term = term,
                ReceivedWan = first ? wan - 0.05m : wan,
                ReceivedOn = new DateOnly(lastYear, 10, 30),
                Document = "资金下达文件（示例）",
                RecordedBy = "县学生资助管理中心",
            });
            first = false;
        }
        await db.SaveChangesAsync(ct);
    }
}
