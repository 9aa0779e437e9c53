using System.Globalization;

namespace EduCounty.Common;

/// <summary>
/// One time zone for every time a person reads — on screen, in reports, in exports and in CLI output (issue 21 §3).
/// Times are stored as instants (UTC, or with their offset on SQLite); they are shown in the configured zone, by default
/// Asia/Shanghai (北京时间), whatever the server's own zone is. Hosts call <see cref="Configure"/> once at start
/// (web: <c>EduCounty:TimeZone</c>; CLI and default: the environment variable <c>EDUCOUNTY_TIMEZONE</c>).
/// </summary>
public static class LocalTime
{
    public const string DefaultZoneId = "Asia/Shanghai";

    /// <summary>The environment variable naming the zone when no host configuration does.</summary>
    public const string ZoneVariable = "EDUCOUNTY_TIMEZONE";

    public const string Minutes = "yyyy-MM-dd HH:mm";
    public const string Seconds = "yyyy-MM-dd HH:mm:ss";
    public const string DateOnlyFormat = "yyyy-MM-dd";

    private static TimeZoneInfo _zone = Resolve(Environment.GetEnvironmentVariable(ZoneVariable));

    /// <summary>The configured zone.</summary>
    public static TimeZoneInfo Zone => _zone;

    /// <summary>The system clock whose local zone is the configured one (EduDb's default clock; the web host's TimeProvider).</summary>
    public static TimeProvider Clock { get; private set; } = new ZonedClock(TimeProvider.System, _zone);

    /// <summary>Sets the zone from a host's setting (an IANA name such as Asia/Shanghai); empty keeps the default.</summary>
    public static void Configure(string? zoneId)
    {
        if (string.IsNullOrWhiteSpace(zoneId))
        {
            return;
        }
        _zone = Resolve(zoneId);
        Clock = new ZonedClock(TimeProvider.System, _zone);
    }

    /// <summary>The zone of an IANA name; Asia/Shanghai also without the system's time-zone data (a fixed UTC+8).</summary>
    public static TimeZoneInfo Resolve(string? zoneId)
    {
        var id = string.IsNullOrWhiteSpace(zoneId) ? DefaultZoneId : zoneId.Trim();
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException) when (id == DefaultZoneId)
        {
            return TimeZoneInfo.CreateCustomTimeZone(DefaultZoneId, TimeSpan.FromHours(8), "北京时间", "北京时间");
        }
        catch (TimeZoneNotFoundException)
        {
            throw new RuleException($"时区“{id}”不存在，应为 Asia/Shanghai 这样的时区名称");
        }
    }

    /// <summary>An instant as text in the configured zone (default "yyyy-MM-dd HH:mm").</summary>
    public static string Text(DateTimeOffset at, string format = Minutes) =>
        TimeZoneInfo.ConvertTime(at, _zone).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>As <see cref="Text(DateTimeOffset, string)"/>; empty for no time.</summary>
    public static string Text(DateTimeOffset? at, string format = Minutes) => at is { } t ? Text(t, format) : "";

    /// <summary>The calendar day of an instant in the configured zone.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, _zone).DateTime);

    /// <summary>The instant a day begins in the configured zone (for "from" filters typed as dates).</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, _zone.GetUtcOffset(local));
    }

    private sealed class ZonedClock(TimeProvider inner, TimeZoneInfo zone) : TimeProvider
    {
        public override TimeZoneInfo LocalTimeZone => zone;

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            inner.CreateTimer(callback, state, dueTime, period);
    }
}
