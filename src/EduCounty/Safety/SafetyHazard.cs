using System.Globalization;
using EduCounty.Common;
using EduCounty.Common.Identity;

namespace EduCounty.Safety;

/// <summary>
/// The closed loop of plan task 54 (§A1): 排查 → 评估 → 治理 ↔ 管控 → 验收 → 销号. A hazard that cannot be fixed at
/// once stays 管控中 with its 临时管控措施 (and 挂牌督办 when its grade says so, §A4).
/// </summary>
public enum HazardState
{
    /// <summary>已上报，待评估 (Found).</summary>
    Found = 1,

    /// <summary>已评估，待治理 (Assessed: grade, deadline, responsibility).</summary>
    Assessed = 2,

    /// <summary>治理中 (Remediating).</summary>
    Remediating = 3,

    /// <summary>管控中 (Controlled: interim measures while it cannot be fixed at once).</summary>
    Controlled = 4,

    /// <summary>整改完成，待验收销号 (Verified by the school with its evidence).</summary>
    Verified = 5,

    /// <summary>已销号 (Closed by the approver the grade requires).</summary>
    Closed = 6,
}

/// <summary>
/// 安全隐患 ledger row (§A5 fields): where, what, who found it and how, the grade's deadline and approver, the 治理方案
/// (措施、责任、资金、时限、预案), 临时管控措施, 挂牌督办, the school's 验收 and the 销号. Every change is a method that
/// refuses an illegal transition with <see cref="RuleException"/>; the audit trail records each one (EduDb), and
/// <see cref="Log"/> keeps the readable history on the row.
/// </summary>
[SchoolScoped]
public sealed class SafetyHazard
{
    public int Id { get; set; }
    public int SchoolId { get; set; }
    /// <summary>位置.</summary>
    public required string Location { get; set; }
    /// <summary>类别 (code of safety-rules.json categories).</summary>
    public required string Category { get; set; }
    /// <summary>描述.</summary>
    public required string Description { get; set; }
    /// <summary>发现人.</summary>
    public required string FoundBy { get; set; }
    /// <summary>发现日期.</summary>
    public DateOnly FoundOn { get; set; }
    /// <summary>排查类型 (code: Routine, Special, Holiday, Supervision).</summary>
    public required string InspectionKind { get; set; }
    /// <summary>The account that entered it.</summary>
    public required string ReportedBy { get; set; }
    /// <summary>The 专项督导/排查 campaign it was found in, if any (Supervision's campaign id).</summary>
    public int? CampaignId { get; set; }

    /// <summary>隐患等级 (code of safety-rules.json grades), set by 评估.</summary>
    public string? Grade { get; private set; }
    /// <summary>风险等级 (Red/Orange/Yellow/Blue), optional.</summary>
    public string? RiskLevel { get; private set; }
    public string? ResponsibleUnit { get; private set; }
    public string? ResponsiblePerson { get; private set; }
    /// <summary>整改措施 / 治理方案.</summary>
    public string? Measures { get; private set; }
    /// <summary>整改时限.</summary>
    public DateOnly? DueDate { get; private set; }
    /// <summary>资金, 万元.</summary>
    public decimal? FundsWan { get; private set; }
    /// <summary>应急预案.</summary>
    public string? EmergencyPlan { get; private set; }
    /// <summary>临时管控措施.</summary>
    public string? InterimMeasures { get; private set; }
    /// <summary>挂牌督办.</summary>
    public bool Supervised { get; private set; }
    public string? SupervisingUnit { get; private set; }
    /// <summary>督办文号.</summary>
    public string? SupervisionDocument { get; private set; }

    public HazardState State { get; private set; } = HazardState.Found;
    public DateOnly? VerifiedOn { get; private set; }
    public string? VerifiedBy { get; private set; }
    public DateOnly? ClosedOn { get; private set; }
    public string? ClosedBy { get; private set; }
    /// <summary>The role under which it was closed (one of the grade's approver roles).</summary>
    public string? ClosedAs { get; private set; }
    /// <summary>验收不通过 count.</summary>
    public int Rejections { get; private set; }
    /// <summary>Readable history, one line a step.</summary>
    public string Log { get; private set; } = "";

    /// <summary>编号 (YH + id).</summary>
    public string Number => "YH" + Id.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>Owner name of its files (<see cref="Common.Files.StoredFile.Owner"/>).</summary>
    public const string FileOwner = "SafetyHazard";

    public static string Label(HazardState s) => s switch
    {
        HazardState.Found => "待评估",
        HazardState.Assessed => "待治理",
        HazardState.Remediating => "治理中",
        HazardState.Controlled => "管控中",
        HazardState.Verified => "待销号",
        HazardState.Closed => "已销号",
        _ => s.ToString(),
    };

    public bool IsOpen => State != HazardState.Closed;

    private string What => $"隐患 {Number}";

    private void Step(DateOnly on, string by, string text) =>
        Log = (Log + $"\n{on:yyyy-MM-dd} {by}：{text}").Trim();

    private void Require(string what, params HazardState[] from)
    {
        if (!from.Contains(State))
        {
            throw new RuleException($"{What}当前为“{Label(State)}”，不能{what}");
        }
    }

    private static string Text(string? value, string message) =>
        string.IsNullOrWhiteSpace(value) ? throw new RuleException(message) : value.Trim();

    /// <summary>
    /// 评估: grade, deadline (default: 发现日期 + the grade's days), responsibility and measures. A grade that needs a 治理方案
    /// (较大, 重大: §A4 五落实) also needs 责任人, 资金 and 应急预案; a 挂牌督办 grade is flagged supervised. Allowed again
    /// while not yet under way (待评估, 待治理).
    /// </summary>
    public void Assess(HazardGrade grade, Assessment a, string by, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(grade);
        ArgumentNullException.ThrowIfNull(a);
        Require("评估", HazardState.Found, HazardState.Assessed);
        var due = a.DueDate ?? FoundOn.AddDays(grade.DeadlineDays);
        if (due < FoundOn) throw new RuleException($"整改时限 {due:yyyy-MM-dd} 早于发现日期 {FoundOn:yyyy-MM-dd}");
        if (on < FoundOn) throw new RuleException($"评估日期 {on:yyyy-MM-dd} 早于发现日期 {FoundOn:yyyy-MM-dd}");
        ResponsibleUnit = Text(a.ResponsibleUnit, "评估须填写整改责任单位");
        Measures = Text(a.Measures, "评估须填写整改措施");
        if (grade.PlanRequired)
        {
            var missing = new[] { (a.ResponsiblePerson, "责任人"), (a.FundsWan is null ? null : "x", "资金"), (a.EmergencyPlan, "应急预案") }
                .Where(x => string.IsNullOrWhiteSpace(x.Item1)).Select(x => x.Item2).ToList();
            if (missing.Count > 0)
            {
                throw new RuleException($"{grade.Name}隐患须有治理方案（措施、责任、资金、时限、预案“五落实”），缺少：{string.Join("、", missing)}");
            }
        }
        if (a.FundsWan is < 0) throw new RuleException("资金不能为负数");
        Grade = grade.Code;
        RiskLevel = string.IsNullOrWhiteSpace(a.RiskLevel) ? null : a.RiskLevel.Trim();
        ResponsiblePerson = string.IsNullOrWhiteSpace(a.ResponsiblePerson) ? null : a.ResponsiblePerson.Trim();
        FundsWan = a.FundsWan;
        EmergencyPlan = string.IsNullOrWhiteSpace(a.EmergencyPlan) ? null : a.EmergencyPlan.Trim();
        DueDate = due;
        Supervised = grade.Supervised;
        SupervisingUnit = grade.Supervised ? (string.IsNullOrWhiteSpace(a.SupervisingUnit) ? "县教育局" : a.SupervisingUnit.Trim()) : null;
        SupervisionDocument = grade.Supervised && !string.IsNullOrWhiteSpace(a.SupervisionDocument) ? a.SupervisionDocument.Trim() : null;
        State = HazardState.Assessed;
        Step(on, by, $"评估为{grade.Name}隐患，整改时限 {due:yyyy-MM-dd}" + (Supervised ? $"，挂牌督办（{SupervisingUnit}）" : ""));
    }

    /// <summary>治理: 待治理 or 管控中 → 治理中.</summary>
    public void StartRemediation(string by, DateOnly on, string? note = null)
    {
        Require("开始治理", HazardState.Assessed, HazardState.Controlled);
        State = HazardState.Remediating;
        Step(on, by, "开始治理" + (string.IsNullOrWhiteSpace(note) ? "" : "：" + note.Trim()));
    }

    /// <summary>管控: 待治理 or 治理中 → 管控中 with the 临时管控措施 (a hazard that cannot be fixed at once).</summary>
    public void Control(string interimMeasures, string by, DateOnly on)
    {
        Require("转入管控", HazardState.Assessed, HazardState.Remediating);
        InterimMeasures = Text(interimMeasures, "管控须填写临时管控措施");
        State = HazardState.Controlled;
        Step(on, by, "采取临时管控措施：" + InterimMeasures);
    }

    /// <summary>验收 by the school: 治理中 → 待销号, with what was done; the evidence files go with it.</summary>
    public void Verify(string note, string by, DateOnly on)
    {
        Require("申请销号", HazardState.Remediating);
        var text = Text(note, "申请销号须填写整改完成情况");
        VerifiedOn = on;
        VerifiedBy = by;
        State = HazardState.Verified;
        Step(on, by, "整改完成，申请销号：" + text);
    }

    /// <summary>
    /// 销号: 待销号 → 已销号, only with evidence (at least one 整改证据 file) and only by an approver holding one of the
    /// roles the grade names (safety-rules.json approverRoles), on a date not in the future.
    /// </summary>
    public void Close(HazardGrade grade, ActingUser approver, int evidenceFiles, string note, DateOnly on, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(grade);
        ArgumentNullException.ThrowIfNull(approver);
        if (State == HazardState.Closed) throw new RuleException($"{What}已于 {ClosedOn:yyyy-MM-dd} 销号");
        Require("销号（须先由学校整改完成并申请销号）", HazardState.Verified);
        if (grade.Code != Grade) throw new ArgumentException("等级与隐患不符", nameof(grade));
        var role = grade.ApproverRoles.FirstOrDefault(approver.Holds)
            ?? throw new RuleException($"{grade.Name}隐患须由{string.Join("或", grade.ApproverRoles)}销号，{approver.Name}无权销号");
        if (evidenceFiles <= 0) throw new RuleException($"{What}没有整改证据（照片或验收材料），不能销号");
        if (on > today) throw new RuleException($"销号日期 {on:yyyy-MM-dd} 晚于今天 {today:yyyy-MM-dd}");
        if (VerifiedOn is { } v && on < v) throw new RuleException($"销号日期 {on:yyyy-MM-dd} 早于申请销号日期 {v:yyyy-MM-dd}");
        var text = Text(note, "销号须填写验收意见");
        State = HazardState.Closed;
        ClosedOn = on;
        ClosedBy = approver.Name;
        ClosedAs = role;
        Step(on, approver.Name, $"验收合格，销号（{role}）：{text}");
    }

    /// <summary>验收不通过: 待销号 → 治理中, with the reason.</summary>
    public void Reject(string reason, string by, DateOnly on)
    {
        Require("退回", HazardState.Verified);
        var text = Text(reason, "退回须说明验收不通过的原因");
        State = HazardState.Remediating;
        VerifiedOn = null;
        VerifiedBy = null;
        Rejections++;
        Step(on, by, "验收不通过，退回整改：" + text);
    }

    /// <summary>逾期: past the 整改时限 and not 已销号.</summary>
    public bool IsOverdue(DateOnly today) => State != HazardState.Closed && DueDate is { } d && today > d;

    /// <summary>Days past the deadline (0 when not overdue).</summary>
    public int DaysOverdue(DateOnly today) => IsOverdue(today) ? today.DayNumber - DueDate!.Value.DayNumber : 0;

    /// <summary>逾期升级: the highest step of the grade whose days overdue have passed (derived from today, never stored).</summary>
    public EscalationLevel EscalationOn(DateOnly today, HazardGrade? grade) => Escalation(DueDate, IsOpen, today, grade);

    /// <summary>The escalation rule over stored fields, for queries: see <see cref="EscalationOn"/>.</summary>
    public static EscalationLevel Escalation(DateOnly? dueDate, bool open, DateOnly today, HazardGrade? grade)
    {
        if (!open || dueDate is not { } d || today <= d || grade is null) return EscalationLevel.None;
        var days = today.DayNumber - d.DayNumber;
        return grade.Escalation.Where(s => days >= s.AfterDaysOverdue).Select(s => s.Level).DefaultIfEmpty(EscalationLevel.None).Max();
    }
}

/// <summary>What 评估 records (治理方案 fields).</summary>
public sealed record Assessment(string ResponsibleUnit, string Measures, string? ResponsiblePerson = null, decimal? FundsWan = null,
    string? EmergencyPlan = null, DateOnly? DueDate = null, string? RiskLevel = null, string? SupervisingUnit = null, string? SupervisionDocument = null);
