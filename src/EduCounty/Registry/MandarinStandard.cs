using EduCounty.Common;

namespace EduCounty.Registry;

/// <summary>
/// 普通话 level a teacher's post requires (《教师资格条例》实施办法, 第八条): 二级乙等 or above for
/// teachers; 二级甲等 or above for 语文 teachers (and for teachers of 普通话 itself).
/// </summary>
public static class MandarinStandard
{
    public static MandarinLevel Required(string? subjects) =>
        subjects is not null && subjects.Contains("语文", StringComparison.Ordinal) ? MandarinLevel.TwoA : MandarinLevel.TwoB;

    /// <summary>Lower enum value = higher level (一级甲等 = 1).</summary>
    public static bool Meets(MandarinLevel? level, string? subjects) =>
        level is { } l && l <= Required(subjects);
}
