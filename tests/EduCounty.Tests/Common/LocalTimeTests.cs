using EduCounty.Common;

namespace EduCounty.Tests.Common;

/// <summary>
/// Issue 21 §3: one time zone, by default Asia/Shanghai (UTC+8, no daylight saving), for every time shown, whatever the
/// server's own zone and whatever offset the instant was stored with. Expected values by hand: 16:30 UTC + 8 h = 00:30
/// of the next day.
/// </summary>
public sealed class LocalTimeTests
{
    private static readonly DateTimeOffset LateUtc = new(2026, 3, 1, 16, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Times_are_shown_in_Beijing_time_by_default_from_any_stored_offset()
    {
        Assert.Equal(TimeSpan.FromHours(8), LocalTime.Zone.GetUtcOffset(LateUtc));
        Assert.Equal("2026-03-02 00:30", LocalTime.Text(LateUtc));
        // The same instant stored with another offset (SQLite keeps the offset it was given): 11:30 −05:00 = 16:30 UTC.
        Assert.Equal("2026-03-02 00:30:00", LocalTime.Text(new DateTimeOffset(2026, 3, 1, 11, 30, 0, TimeSpan.FromHours(-5)), LocalTime.Seconds));
        Assert.Equal("", LocalTime.Text((DateTimeOffset?)null));
        // The day of the instant is Beijing's day, and a day starts at 16:00 UTC of the day before.
        Assert.Equal(new DateOnly(2026, 3, 2), LocalTime.DayOf(LateUtc));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 16, 0, 0, TimeSpan.Zero), LocalTime.StartOf(new DateOnly(2026, 3, 2)).ToUniversalTime());
        // The clock the hosts use reads the same zone as its local one.
        Assert.Equal(LocalTime.Zone, LocalTime.Clock.LocalTimeZone);
    }

    [Fact]
    public void A_zone_is_resolved_by_its_name_and_an_unknown_name_is_refused_in_Chinese()
    {
        Assert.Equal(TimeSpan.FromHours(8), LocalTime.Resolve(null).GetUtcOffset(LateUtc));
        Assert.Equal(TimeSpan.FromHours(8), LocalTime.Resolve(" Asia/Shanghai ").GetUtcOffset(LateUtc));
        // A county that keeps 新疆时间 can configure it: Asia/Urumqi is UTC+6 (IANA tz data).
        Assert.Equal(TimeSpan.FromHours(6), LocalTime.Resolve("Asia/Urumqi").GetUtcOffset(LateUtc));
        var e = Assert.Throws<RuleException>(() => LocalTime.Resolve("Mars/Olympus"));
        Assert.Contains("时区“Mars/Olympus”不存在", e.Message, StringComparison.Ordinal);
    }
}
