namespace EduCounty.Common.Identity;

/// <summary>
/// Who acts in a use case whose rule depends on the person (a 督学's own schools, the approver a hazard's grade
/// requires): the account id, the name written into records, and the account's roles.
/// </summary>
public sealed record ActingUser(string UserId, string Name, IReadOnlyCollection<string> Roles)
{
    public bool Holds(string role) => Roles.Contains(role);

    public bool HoldsAny(IEnumerable<string> roles) => roles.Any(Roles.Contains);
}
