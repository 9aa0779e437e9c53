using EduCounty.Common;
using EduCounty.Web.Infrastructure;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace EduCounty.Web.Tests.Security;

/// <summary>
/// Issue 13 §2, the log side: secrets (authenticator keys, password hashes, security stamps, tokens) never reach the
/// logs. The web host's Serilog pipeline destructures objects through <see cref="SecretRedaction"/>; for every entity of
/// the model that declares a secret field, an instance with a known value in each such field is logged with its
/// structure ({@Entity}) and the value must not appear — "(保密)" stands in its place — while its other fields still do.
/// </summary>
public sealed class LogRedactionTests
{
    private sealed class Collect : ILogEventSink
    {
        public List<string> Lines { get; } = [];

        public void Emit(LogEvent logEvent) => Lines.Add(logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(WebTestDatabases.Providers), MemberType = typeof(WebTestDatabases))]
    public async Task No_declared_secret_of_any_entity_reaches_the_log(string provider)
    {
        await using var db = Database.Open(await WebTestDatabases.CreateEmptyAsync(provider, "log-secrets"));
        var declaring = db.Model.GetEntityTypes().Select(t => t.ClrType).Distinct()
            .Where(t => EntityConventions.For(t).Secret.Count > 0).ToList();
        // AppUser (hash, stamps), the user token (the TOTP key), the role (stamp), the password history (old hashes).
        Assert.True(declaring.Count >= 4, string.Join(", ", declaring.Select(t => t.Name)));

        var sink = new Collect();
        // The host's own configuration of the policy (WebPlatform): Destructure.With<SecretRedaction>().
        using var log = new LoggerConfiguration().Destructure.With<SecretRedaction>().WriteTo.Sink(sink).CreateLogger();
        foreach (var type in declaring)
        {
            var entity = Activator.CreateInstance(type)!;
            var secrets = new List<string>();
            foreach (var name in EntityConventions.For(type).Secret)
            {
                var p = type.GetProperty(name)!;
                Assert.True(p.PropertyType == typeof(string), $"{type.Name}.{name} 不是文本，本测试未覆盖");
                var value = $"SECRET-{type.Name}-{name}-{Guid.NewGuid():N}";
                p.SetValue(entity, value);
                secrets.Add(value);
            }
            // A non-secret text field keeps its value (the policy redacts, it does not drop the object).
            var plain = type.GetProperties().FirstOrDefault(p => p.PropertyType == typeof(string) && p.CanWrite && !EntityConventions.For(type).Secret.Contains(p.Name));
            var shown = $"PLAIN-{Guid.NewGuid():N}";
            plain?.SetValue(entity, shown);

            sink.Lines.Clear();
            log.Information("写入 {@Entity}", entity);
            var line = Assert.Single(sink.Lines);
            foreach (var s in secrets)
            {
                Assert.False(line.Contains(s, StringComparison.Ordinal), $"{type.Name} 的秘密字段值出现在日志中：{line}");
            }
            Assert.Contains("(保密)", line, StringComparison.Ordinal);
            if (plain is not null)
            {
                Assert.Contains(shown, line, StringComparison.Ordinal);
            }
        }
    }
}
