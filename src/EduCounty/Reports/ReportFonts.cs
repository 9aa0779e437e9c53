using ScottPlot;
using SkiaSharp;

namespace EduCounty.Reports;

/// <summary>
/// The CJK font of rendered charts. ScottPlot brings SkiaSharp's native assets without fontconfig
/// (SkiaSharp.NativeAssets.Linux.NoDependencies), so a family name alone finds no Chinese glyphs and labels come out
/// as boxes: the font is loaded from its file (Debian fonts-noto-cjk, face "Noto Sans CJK SC" inside the .ttc) and
/// registered with ScottPlot under <see cref="Family"/>. EDUCOUNTY_CJK_FONT (path[:index]) overrides the search.
/// </summary>
public static class ReportFonts
{
    /// <summary>The family name charts ask for.</summary>
    public const string Family = "Noto Sans CJK SC";

    private static readonly Lazy<SKTypeface?> Regular = new(() => Load(bold: false));
    private static readonly Lazy<SKTypeface?> BoldFace = new(() => Load(bold: true));
    private static readonly Lock Gate = new();
    private static bool _registered;

    // Where Debian (fonts-noto-cjk) and other distributions put the .ttc; the face index of "Noto Sans CJK SC" in
    // Noto's collection is 2 (fc-list -f '%{file}:%{index}:%{family}').
    private static readonly (string Path, int Index)[] Candidates =
    [
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-{0}.ttc", 2),
        ("/usr/share/fonts/noto-cjk/NotoSansCJK-{0}.ttc", 2),
        ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-{0}.ttc", 2),
        ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ];

    /// <summary>The typeface (regular or bold), or null when no CJK font file is found.</summary>
    public static SKTypeface? Typeface(bool bold = false) => bold ? BoldFace.Value ?? Regular.Value : Regular.Value;

    /// <summary>True when a CJK font was found.</summary>
    public static bool Available => Regular.Value is not null;

    /// <summary>Registers the font with ScottPlot once (idempotent) and returns the family name to set on plots.</summary>
    public static string Register()
    {
        lock (Gate)
        {
            if (!_registered)
            {
                Fonts.FontResolvers.Insert(0, new Resolver());
                _registered = true;
            }
        }

        return Family;
    }

    private static SKTypeface? Load(bool bold)
    {
        if (Environment.GetEnvironmentVariable("EDUCOUNTY_CJK_FONT") is { Length: > 0 } custom)
        {
            var colon = custom.LastIndexOf(':');
            var (path, index) = colon > 0 && int.TryParse(custom[(colon + 1)..], out var i) ? (custom[..colon], i) : (custom, 0);
            if (File.Exists(path)) return SKTypeface.FromFile(path, index);
        }

        foreach (var (pattern, index) in Candidates)
        {
            var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, bold ? "Bold" : "Regular");
            if (File.Exists(path) && SKTypeface.FromFile(path, index) is { } face) return face;
        }

        return null;
    }

    private sealed class Resolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            fontName == Family ? Typeface(weight >= FontWeight.SemiBold) : null;

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => fontName == Family ? Typeface(bold) : null;
    }
}
