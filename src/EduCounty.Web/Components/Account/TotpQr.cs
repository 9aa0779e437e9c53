using QRCoder;

namespace EduCounty.Web.Components.Account;

/// <summary>The otpauth:// URI authenticator apps read (RFC 6238 TOTP: SHA-1, 6 digits, 30 s) and its QR code as a data: URI.</summary>
public static class TotpQr
{
    public static string Uri(string issuer, string account, string base32Key) =>
        $"otpauth://totp/{System.Uri.EscapeDataString(issuer)}:{System.Uri.EscapeDataString(account)}?secret={base32Key}&issuer={System.Uri.EscapeDataString(issuer)}&digits=6&period=30";

    /// <summary>A PNG data: URI (the CSP allows img-src data:); drawn on the server, nothing leaves the machine.</summary>
    public static string DataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var png = new PngByteQRCode(data);
        return "data:image/png;base64," + Convert.ToBase64String(png.GetGraphic(5));
    }
}
