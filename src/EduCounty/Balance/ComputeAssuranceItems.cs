using System.Globalization;
using EduCounty.Common;
using EduCounty.Registry;
using Microsoft.EntityFrameworkCore;

namespace EduCounty.Balance;

/// <summary>
/// An item computed from the registry: <c>Met</c> null = the registry holds no data for it (a supervisor records it
/// instead). <c>Value</c> is the headline figure, <c>Findings</c> the schools/classes that fail or the working.
/// </summary>
public sealed record ComputedItem(string Code, bool? Met, string Value, IReadOnlyList<string> Findings);

/// <summary>
/// 政府保障程度 and 教育质量 items the registry can compute (balance-rules.md §2.4, §2.5), all aggregated in the
/// database (GROUP BY school) and scoped by school ids. Items without registry data come back with Met = null.
/// </summary>
public static class ComputeAssuranceItems
{
    // National 生均公用经费基准定额 (balance-rules.md §4, MOE 2022): 小学 650、初中 850 元 — used to turn G6 funds into funded students.
    private const double PrimaryBaseYuan = 650;
    private const double JuniorBaseYuan = 850;

    private static string Pct(double v) => v.ToString("0.00", CultureInfo.InvariantCulture) + "%";

    public static async Task<IReadOnlyList<ComputedItem>> HandleAsync(EduDb db, string countyCode, SchoolYear year, IReadOnlyCollection<int>? schoolIds = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var std = AssuranceStandards.National();
        var y = year.StartYear;
        var census = year.CensusDate;
        var types = ReadBalanceInputs.CompulsoryTypes;
        var open = db.Schools.Where(s => s.CountyCode == countyCode && (s.OpenedOn == null || s.OpenedOn <= census) && (s.ClosedOn == null || s.ClosedOn > census));
        if (schoolIds is not null)
        {
            open = open.Where(s => schoolIds.Contains(s.Id));
        }
        var schools = await open.Select(s => new { s.Id, s.Name, s.Type, s.IsTeachingPoint, s.ParentSchoolId }).ToListAsync(ct);
        var compulsory = schools.Where(s => types.Contains(s.Type)).ToList();
        var ids = compulsory.Select(s => s.Id).ToList();
        var nameOf = schools.ToDictionary(s => s.Id, s => s.Name);
        var items = new List<ComputedItem>();
        // Grade lists (IN clauses) select the 学段 in SQL.
        var primary = Grades.Primary;
        var junior = Grades.Junior;
        var special = Grades.Special;

        // Compulsory-stage students per school (P and J grades only), GROUP BY school.
        var students = await db.GradeEnrolments.Where(e => e.Year == y && ids.Contains(e.SchoolId) && (primary.Contains(e.Grade) || junior.Contains(e.Grade)))
            .GroupBy(e => e.SchoolId)
            .Select(g => new { SchoolId = g.Key, Primary = g.Sum(e => primary.Contains(e.Grade) ? e.Students : 0), Junior = g.Sum(e => junior.Contains(e.Grade) ? e.Students : 0) })
            .ToDictionaryAsync(x => x.SchoolId, ct);

        // G3 专用教室: ⌈班数/12⌉ music and art rooms, each ≥ 96 / 90 ㎡ (Facility *RoomsM2 is the area of one room).
        {
            var g3 = std["G3"];
            var classes = await db.Classes.Where(c => c.Year == y && ids.Contains(c.SchoolId)).GroupBy(c => c.SchoolId)
                .Select(g => new { SchoolId = g.Key, Classes = g.Count() }).ToDictionaryAsync(x => x.SchoolId, x => x.Classes, ct);
            var rooms = await db.Facilities.Where(f => f.Year == y && ids.Contains(f.SchoolId))
                .Select(f => new { f.SchoolId, f.MusicRooms, f.MusicRoomsM2, f.ArtRooms, f.ArtRoomsM2 }).ToListAsync(ct);
            var findings = new List<string>();
            var checkedSchools = 0;
            foreach (var s in compulsory.Where(s => !s.IsTeachingPoint))
            {
                var f = rooms.FirstOrDefault(r => r.SchoolId == s.Id);
                if (f is null || !classes.TryGetValue(s.Id, out var n))
                {
                    findings.Add($"{s.Name}：缺少班级或办学条件数据");
                    continue;
                }
                checkedSchools++;
                var need = (int)Math.Ceiling(n / g3.Threshold!.Value);
                var problems = new List<string>();
                if (f.MusicRooms < need)
                {
                    problems.Add($"音乐专用教室 {f.MusicRooms} 间，{n} 个班应有 {need} 间");
                }
                if (f.MusicRooms > 0 && f.MusicRoomsM2 < g3.Threshold2!.Value)
                {
                    problems.Add($"音乐专用教室每间 {f.MusicRoomsM2:0.#}㎡，低于 {g3.Threshold2}㎡");
                }
                if (f.ArtRooms < need)
                {
                    problems.Add($"美术专用教室 {f.ArtRooms} 间，{n} 个班应有 {need} 间");
                }
                if (f.ArtRooms > 0 && f.ArtRoomsM2 < g3.Threshold3!.Value)
                {
                    problems.Add($"美术专用教室每间 {f.ArtRoomsM2:0.#}㎡，低于 {g3.Threshold3}㎡");
                }
                if (problems.Count > 0)
                {
                    findings.Add($"{s.Name}：{string.Join("；", problems)}");
                }
            }
            items.Add(checkedSchools == 0
                ? new ComputedItem("G3", null, "无数据", findings)
                : new ComputedItem("G3", findings.Count == 0, $"{checkedSchools - findings.Count}/{checkedSchools} 所达标", findings));
        }

        // G4 规模: 小学、初中 ≤ 2000 人; 九年/十二年一贯制 义务教育阶段 ≤ 2500 人 (教学点 counted with their school).
        {
            var g4 = std["G4"];
            var findings = new List<string>();
            var size = compulsory.GroupBy(s => s.IsTeachingPoint && s.ParentSchoolId is { } p && ids.Contains(p) ? p : s.Id)
                .Select(g => (School: compulsory.First(s => s.Id == g.Key), Students: g.Sum(s => students.TryGetValue(s.Id, out var n) ? n.Primary + n.Junior : 0)))
                .ToList();
            foreach (var (s, n) in size)
            {
                var limit = s.Type is SchoolType.NineYear or SchoolType.TwelveYear ? g4.Threshold2!.Value : g4.Threshold!.Value;
                if (n > limit)
                {
                    findings.Add($"{s.Name}：义务教育阶段 {n} 人，超过 {limit} 人");
                }
            }
            items.Add(students.Count == 0
                ? new ComputedItem("G4", null, "无数据", [])
                : new ComputedItem("G4", findings.Count == 0, $"最大规模 {size.Max(x => x.Students)} 人", findings));
        }

        // G5 班额: every 小学 class ≤ 45, every 初中 class ≤ 50 (zero exceptions), GROUP BY school.
        {
            var g5 = std["G5"];
            int p = (int)g5.Threshold!.Value, j = (int)g5.Threshold2!.Value;
            var total = await db.Classes.CountAsync(c => c.Year == y && ids.Contains(c.SchoolId), ct);
            var over = await db.Classes.Where(c => c.Year == y && ids.Contains(c.SchoolId)
                    && ((primary.Contains(c.Grade) && c.Headcount > p) || (junior.Contains(c.Grade) && c.Headcount > j)))
                .GroupBy(c => c.SchoolId)
                .Select(g => new { SchoolId = g.Key, Classes = g.Count(), Max = g.Max(c => c.Headcount) })
                .ToListAsync(ct);
            var findings = over.OrderBy(o => nameOf[o.SchoolId], StringComparer.Ordinal)
                .Select(o => $"{nameOf[o.SchoolId]}：{o.Classes} 个班超过标准班额（小学 {p} 人、初中 {j} 人），最大 {o.Max} 人").ToList();
            items.Add(total == 0
                ? new ComputedItem("G5", null, "无数据", [])
                : new ComputedItem("G5", over.Count == 0, $"超标班级 {over.Sum(o => o.Classes)}/{total} 个", findings));
        }

        var finance = await db.Finances.Where(f => f.Year == y)
            .Select(f => new { f.SchoolId, f.PublicFundsYuan, f.TeacherTrainingYuan }).ToListAsync(ct);

        // G6: 不足 100 名学生的村小学和教学点 funded as 100 students (funds ÷ 基准定额 ≥ 100).
        {
            var small = compulsory.Where(s => (s.IsTeachingPoint || s.Type is SchoolType.Primary or SchoolType.TeachingPoint)
                && students.TryGetValue(s.Id, out var n) && n.Primary + n.Junior is > 0 and < 100).ToList();
            var findings = new List<string>();
            bool? met = true;
            foreach (var s in small)
            {
                var n = students[s.Id];
                var f = finance.FirstOrDefault(x => x.SchoolId == s.Id);
                if (f is null)
                {
                    findings.Add($"{s.Name}：{n.Primary + n.Junior} 人，缺少公用经费数据");
                    met = null;
                    continue;
                }
                var funded = f.PublicFundsYuan / ((n.Primary * PrimaryBaseYuan + n.Junior * JuniorBaseYuan) / (n.Primary + n.Junior));
                if (funded < 100)
                {
                    findings.Add($"{s.Name}：{n.Primary + n.Junior} 人，公用经费 {f.PublicFundsYuan:0} 元，仅按 {funded:0.#} 人核定");
                    met = met is null ? null : false;
                }
            }
            items.Add(new ComputedItem("G6", met, small.Count == 0 ? "无不足 100 人的村小学、教学点" : $"不足 100 人的学校 {small.Count} 所", findings));
        }

        // G7 特殊教育学校生均公用经费 ≥ 6000 元.
        {
            var limit = std["G7"].Threshold!.Value;
            var specialIds = schools.Where(s => s.Type == SchoolType.Special).Select(s => s.Id).ToList();
            var sp = await db.GradeEnrolments.Where(e => e.Year == y && specialIds.Contains(e.SchoolId)).GroupBy(e => e.SchoolId)
                .Select(g => new { SchoolId = g.Key, Students = g.Sum(e => e.Students) }).ToListAsync(ct);
            var findings = new List<string>();
            var values = new List<double>();
            foreach (var s in sp.Where(s => s.Students > 0))
            {
                if (finance.FirstOrDefault(f => f.SchoolId == s.SchoolId) is not { } f)
                {
                    continue;
                }
                var per = f.PublicFundsYuan / s.Students;
                values.Add(per);
                if (per < limit)
                {
                    findings.Add($"{nameOf[s.SchoolId]}：生均公用经费 {per:0} 元，低于 {limit:0} 元");
                }
            }
            items.Add(values.Count == 0
                ? new ComputedItem("G7", null, "无数据", [])
                : new ComputedItem("G7", findings.Count == 0, $"生均 {values.Min():0} 元", findings));
        }

        // G8 教师平均工资 ≥ 公务员平均工资 (YearlyStatistic salary.*).
        {
            var sal = await db.YearlyStatistics.Where(s => s.DivisionCode == countyCode && s.Year == y && (s.Key == "salary.teacherAverage" || s.Key == "salary.civilServantAverage"))
                .ToDictionaryAsync(s => s.Key, s => s.Value, ct);
            if (sal.TryGetValue("salary.teacherAverage", out var t) && sal.TryGetValue("salary.civilServantAverage", out var c))
            {
                items.Add(new ComputedItem("G8", t >= c, $"教师 {t:0} 元 / 公务员 {c:0} 元", t >= c ? [] : [$"教师平均工资低于公务员 {c - t:0} 元"]));
            }
            else
            {
                items.Add(new ComputedItem("G8", null, "无数据", []));
            }
        }

        // G11 交流轮岗 ≥ 10% of eligible teachers (在编专任教师 任教满 6 年, by hire date), 骨干 ≥ 20% of those rotated.
        {
            var g11 = std["G11"];
            var anyRotation = await db.StaffAssignments.AnyAsync(a => a.Reason != null && a.Reason.Contains("交流轮岗"), ct);
            var sixYearsBefore = year.FirstDay.AddYears(-6);
            var eligible = await db.StaffYears.Where(t => t.Year == y && ids.Contains(t.SchoolId) && t.PostType == PostType.FullTimeTeacher && t.Establishment == Establishment.Permanent)
                .Join(db.Staff, t => t.StaffId, s => s.Id, (t, s) => s.HireDate)
                .CountAsync(h => h <= sixYearsBefore, ct);
            var rotated = await db.StaffAssignments.Where(a => a.Reason != null && a.Reason.Contains("交流轮岗") && a.From >= year.FirstDay && a.From <= year.LastDay && ids.Contains(a.SchoolId))
                .Select(a => a.StaffId).Distinct()
                .GroupJoin(db.StaffYears.Where(t => t.Year == y), id => id, t => t.StaffId, (id, ts) => new { id, Key = ts.Any(t => t.KeyTeacherLevel != null) })
                .GroupBy(x => 1)
                .Select(g => new { Count = g.Count(), Key = g.Sum(x => x.Key ? 1 : 0) })
                .FirstOrDefaultAsync(ct);
            if (!anyRotation || eligible == 0)
            {
                items.Add(new ComputedItem("G11", null, "无数据", []));
            }
            else
            {
                var n = rotated?.Count ?? 0;
                var share = 100.0 * n / eligible;
                var keyShare = n == 0 ? 0 : 100.0 * (rotated?.Key ?? 0) / n;
                var findings = new List<string>();
                if (share < g11.Threshold!.Value)
                {
                    findings.Add($"交流轮岗 {n} 人，占符合交流条件教师 {eligible} 人的 {Pct(share)}，低于 {g11.Threshold}%");
                }
                if (keyShare < g11.Threshold2!.Value)
                {
                    findings.Add($"其中县级及以上骨干教师 {rotated?.Key ?? 0} 人，占 {Pct(keyShare)}，低于 {g11.Threshold2}%");
                }
                items.Add(new ComputedItem("G11", findings.Count == 0, $"{Pct(share)}（骨干 {Pct(keyShare)}）", findings));
            }
        }

        // G12 专任教师持证上岗率 = 100%.
        {
            var cert = await db.StaffYears.Where(t => t.Year == y && ids.Contains(t.SchoolId) && t.PostType == PostType.FullTimeTeacher)
                .GroupBy(t => t.SchoolId)
                .Select(g => new { SchoolId = g.Key, All = g.Count(), Without = g.Sum(t => t.TeacherCertificate ? 0 : 1) })
                .ToListAsync(ct);
            var all = cert.Sum(c => c.All);
            var without = cert.Sum(c => c.Without);
            items.Add(all == 0
                ? new ComputedItem("G12", null, "无数据", [])
                : new ComputedItem("G12", without == 0, Pct(100.0 * (all - without) / all),
                    cert.Where(c => c.Without > 0).OrderBy(c => nameOf[c.SchoolId], StringComparer.Ordinal).Select(c => $"{nameOf[c.SchoolId]}：{c.Without} 名专任教师无教师资格证").ToList()));
        }

        // G15 随迁子女在公办学校就读比例 ≥ 85% (政府购买服务的民办学校 is not recorded: counted as not public).
        {
            var mig = await db.StudentYears.Where(s => s.Year == y && (primary.Contains(s.Grade) || junior.Contains(s.Grade)))
                .Join(db.Students.Where(st => st.MigrantChild), s => s.StudentId, st => st.Id, (s, st) => s.SchoolId)
                .Join(db.Schools.Where(sc => sc.CountyCode == countyCode), id => id, sc => sc.Id, (id, sc) => sc.Ownership)
                .GroupBy(o => o)
                .Select(g => new { Ownership = g.Key, Count = g.Count() })
                .ToListAsync(ct);
            var total = mig.Sum(m => m.Count);
            var pub = mig.Where(m => m.Ownership == Ownership.Public).Sum(m => m.Count);
            var t = std["G15"].Threshold!.Value;
            items.Add(total == 0
                ? new ComputedItem("G15", null, "无数据", [])
                : new ComputedItem("G15", 100.0 * pub / total >= t, $"{Pct(100.0 * pub / total)}（{pub}/{total}）",
                    100.0 * pub / total >= t ? [] : [$"随迁子女在公办学校就读 {pub}/{total}，低于 {t}%"]));
        }

        // Q1 初中三年巩固率 = J3 (this census) ÷ J1 of the same cohort (census two years earlier) ≥ 95% (§2.5).
        {
            var t = std["Q1"].Threshold!.Value;
            var j = await db.GradeEnrolments.Where(e => ids.Contains(e.SchoolId) && ((e.Year == y && e.Grade == "J3") || (e.Year == y - 2 && e.Grade == "J1")))
                .GroupBy(e => e.Year).Select(g => new { Year = g.Key, Students = g.Sum(e => e.Students) }).ToDictionaryAsync(x => x.Year, x => x.Students, ct);
            var intake = await db.YearlyStatistics.Where(s => s.DivisionCode == countyCode && s.Key == "intake.primaryGrade1" && s.Year == y - 8)
                .Select(s => (double?)s.Value).FirstOrDefaultAsync(ct);
            var nineYear = j.TryGetValue(y, out var j3) && intake is > 0 ? $"九年义务教育巩固率（初三 ÷ {y - 8} 年小学一年级招生）{Pct(100.0 * j3 / intake.Value)}，仅供参考" : null;
            List<string> notes = nineYear is null ? [] : [nineYear];
            if (j.TryGetValue(y, out j3) && j.TryGetValue(y - 2, out var j1) && j1 > 0)
            {
                var rate = 100.0 * j3 / j1;
                items.Add(new ComputedItem("Q1", rate >= t, $"{Pct(rate)}（{j3}/{j1}）", rate >= t ? notes : [$"初中三年巩固率 {Pct(rate)}，低于 {t}%", .. notes]));
            }
            else
            {
                items.Add(new ComputedItem("Q1", null, $"缺少 {y - 2} 学年初一在校生数", notes));
            }
        }

        // Q2 残疾儿童少年入学率 ≥ 95%: enrolled disabled pupils (义务教育年级 and 特教 X grades) ÷ 适龄残疾儿童少年数 (残联).
        {
            var t = std["Q2"].Threshold!.Value;
            var pop = await db.YearlyStatistics.Where(s => s.DivisionCode == countyCode && s.Year == y && s.Key == "population.disabledCompulsoryAge")
                .Select(s => (double?)s.Value).FirstOrDefaultAsync(ct);
            var scopeAll = schools.Select(s => s.Id).ToList();
            var enrolled = await db.StudentYears.Where(s => s.Year == y && scopeAll.Contains(s.SchoolId) && (primary.Contains(s.Grade) || junior.Contains(s.Grade) || special.Contains(s.Grade)))
                .Join(db.Students.Where(st => st.Disability != null), s => s.StudentId, st => st.Id, (s, st) => s.Id)
                .CountAsync(ct);
            if (pop is > 0)
            {
                var rate = 100.0 * enrolled / pop.Value;
                items.Add(new ComputedItem("Q2", rate >= t, $"{Pct(rate)}（{enrolled}/{pop:0}）", rate >= t ? [] : [$"残疾儿童少年入学率 {Pct(rate)}，低于 {t}%"]));
            }
            else
            {
                items.Add(new ComputedItem("Q2", null, "缺少适龄残疾儿童少年数", []));
            }
        }

        // Q4 教师培训经费 ≥ 5% of 公用经费, every school.
        {
            var t = std["Q4"].Threshold!.Value;
            var rows = finance.Where(f => ids.Contains(f.SchoolId) && f.PublicFundsYuan > 0).ToList();
            var findings = rows.Where(f => 100.0 * f.TeacherTrainingYuan / f.PublicFundsYuan < t)
                .Select(f => $"{nameOf[f.SchoolId]}：教师培训经费占公用经费 {Pct(100.0 * f.TeacherTrainingYuan / f.PublicFundsYuan)}，低于 {t}%").ToList();
            items.Add(rows.Count == 0
                ? new ComputedItem("Q4", null, "无数据", [])
                : new ComputedItem("Q4", findings.Count == 0, $"最低 {Pct(rows.Min(f => 100.0 * f.TeacherTrainingYuan / f.PublicFundsYuan))}", findings));
        }

        // S1 社会认可度: Σ满意 ÷ Σ调查人数 ≥ 85% over all groups (§2.6).
        {
            var t = std["S1"].Threshold!.Value;
            var rows = await db.SatisfactionSurveys.Where(s => s.CountyCode == countyCode && s.Year == y)
                .Select(s => new { s.Group, s.Respondents, s.Satisfied }).ToListAsync(ct);
            var n = rows.Sum(r => r.Respondents);
            if (n == 0)
            {
                items.Add(new ComputedItem("S1", null, "未导入调查结果", []));
            }
            else
            {
                var rate = 100.0 * rows.Sum(r => r.Satisfied) / n;
                var groups = rows.OrderBy(r => r.Group, StringComparer.Ordinal)
                    .Select(r => $"{r.Group}：{r.Satisfied}/{r.Respondents}（{Pct(100.0 * r.Satisfied / r.Respondents)}）").ToList();
                items.Add(new ComputedItem("S1", rate >= t, $"{Pct(rate)}（{rows.Sum(r => r.Satisfied)}/{n}）",
                    rate >= t ? groups : [$"满意比例 {Pct(rate)}，低于 {t}%", .. groups]));
            }
        }
        return items;
    }
}
