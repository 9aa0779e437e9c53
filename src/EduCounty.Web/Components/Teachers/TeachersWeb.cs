using EduCounty.Teachers;

namespace EduCounty.Web.Components.Teachers;

/// <summary>
/// 教师队伍 on the web (issue 16, docs/adr/0020): the standards (EduCounty:TeachersStandards = a province's override file of
/// teachers-standards.json) as one <see cref="TeacherRules"/>. Pages read through the scoped data layer, so a school user
/// sees its own teachers only; reading is the registry's policy.
/// </summary>
public static class TeachersWeb
{
    public static IServiceCollection AddTeachers(this IServiceCollection services)
    {
        services.AddSingleton(sp => new TeacherRules(TeachersStandards.Load(
            sp.GetRequiredService<IConfiguration>()["EduCounty:TeachersStandards"] is { Length: > 0 } path ? path : null)));
        return services;
    }

    /// <summary>A percentage as shown (2 decimals) or —.</summary>
    public static string P(decimal? v) => v is { } x ? x.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>达标 / 未达标 / —.</summary>
    public static string Met(bool? met) => met switch { true => "达标", false => "未达标", _ => "—" };
}
