namespace EduCounty.Security;

/// <summary>
/// The audit trail in the reader's words (issue 21 §7): each action and each kind of record the trail names, in
/// Chinese. The trail itself keeps the stable English codes (they are part of the hash chain and of the filters).
/// </summary>
public static class AuditLabels
{
    public static readonly IReadOnlyDictionary<string, string> Actions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["create"] = "新增",
        ["update"] = "修改",
        ["delete"] = "删除",
        ["import"] = "导入",
        ["export"] = "导出",
        ["view"] = "查看个人信息",
        ["download"] = "下载附件",
        ["reveal"] = "查看完整身份证号",
        ["reveal-refused"] = "查看身份证号被拒绝",
        ["demo"] = "生成示例数据",
        ["keys-rotate"] = "轮换加密密钥",
        ["audit-purge"] = "清理过期审计记录",
        ["audit-verify"] = "校验审计链",
        [SignInResults.SignedIn] = "登录成功",
        [SignInResults.Failed] = "登录失败",
        [SignInResults.Locked] = "账号锁定",
        [SignInResults.TwoFactorFailed] = "动态验证码错误",
        ["signout"] = "退出登录",
        ["2fa-enabled"] = "启用双因素认证",
        ["2fa-disabled"] = "停用双因素认证",
        ["user-create"] = "创建账号",
        ["user-reset-password"] = "重置密码",
        ["user-disable"] = "停用账号",
        ["user-enable"] = "启用账号",
        ["user-lock"] = "锁定账号",
        ["user-unlock"] = "解锁账号",
    };

    /// <summary>Records by the name the trail gives them: the entity types of the model and the names of exports.</summary>
    public static readonly IReadOnlyDictionary<string, string> Entities = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["AgePopulation"] = "分年龄人口",
        ["AppUser"] = "账号",
        ["User"] = "账号",
        ["UserScope"] = "账号数据范围",
        ["PasswordHistoryEntry"] = "历史密码",
        ["SignInEvent"] = "登录记录",
        ["IdentityRole"] = "角色",
        ["IdentityUserRole`1"] = "账号角色",
        ["IdentityUserToken`1"] = "账号令牌",
        ["IdentityUserClaim`1"] = "账号声明",
        ["IdentityUserLogin`1"] = "外部登录",
        ["IdentityRoleClaim`1"] = "角色声明",
        ["AuditEntry"] = "审计记录",
        ["KeyRing"] = "加密密钥",
        ["County"] = "县（市、区）",
        ["Division"] = "行政区划",
        ["School"] = "学校",
        ["SchoolAffiliation"] = "学校隶属关系",
        ["SchoolClass"] = "班级",
        ["EducationGroup"] = "教育集团",
        ["Facility"] = "办学条件",
        ["Finance"] = "经费",
        ["GradeEnrolment"] = "年级在校生",
        ["YearlyStatistic"] = "年报统计",
        ["Student"] = "学生",
        ["StudentYear"] = "学生学年记录",
        ["StatusChange"] = "学籍异动",
        ["Staff"] = "教职工",
        ["StaffYear"] = "教职工学年记录",
        ["StaffAssignment"] = "教职工任职",
        ["FitnessTest"] = "体质健康测试",
        ["VisionScreening"] = "视力筛查",
        ["ImportBatch"] = "导入批次",
        ["SafetyHazard"] = "安全隐患",
        ["SafetyInspectionReport"] = "月度排查报告",
        ["SafetyFacility"] = "安全设施",
        ["SchoolSupervisor"] = "责任督学",
        ["SupervisionVisit"] = "督导记录",
        ["SupervisionCheck"] = "督导检查项",
        ["SupervisionFinding"] = "督导发现问题",
        ["SupervisionCampaign"] = "专项督导",
        ["SupervisionCampaignSchool"] = "专项督导学校",
        ["VisitDraft"] = "督导草稿",
        ["StoredFile"] = "附件",
        ["StoredFileContent"] = "附件内容",
        ["PlanStateChange"] = "状态变更",
        ["ImportChange"] = "导入变更",
        ["Balance"] = "优质均衡督导评估表",
        ["BalanceAssessment"] = "督导评估结论",
        ["SatisfactionSurvey"] = "社会认可度调查",
        ["AnnualReport"] = "年度评估报告",
        ["MidtermReport"] = "中期评估报告",
        ["PlanIndicators"] = "规划指标表",
        ["FrozenIndicatorValue"] = "冻结的指标值",
        ["PlanYearFreeze"] = "年度评估冻结",
        ["PlanTaskRecord"] = "规划任务",
        ["PlanTaskMilestone"] = "任务年度目标",
        ["PlanProjectRecord"] = "规划项目",
        ["PlanProgressUpdate"] = "进展填报",
        ["PlanAttachment"] = "佐证材料",
        ["PlanAttachmentContent"] = "佐证材料内容",
        ["IssueLedgerItem"] = "问题台账",
    };

    /// <summary>The action's label; an unknown code is shown as "其他操作" (the code stays in the filter's value).</summary>
    public static string Action(string? code) => code is null ? "" : Actions.TryGetValue(code, out var l) ? l : "其他操作";

    /// <summary>The record kind's label; an unknown name is shown as "其他记录".</summary>
    public static string Entity(string? name) => name is null ? "" : Entities.TryGetValue(name, out var l) ? l : "其他记录";
}
