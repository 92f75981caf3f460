using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Pipewise.GateService;

/// <summary>
/// Who may read <c>/dashboard</c> and <c>/metrics</c>: with <see cref="GateServiceOptions.DashboardToken"/> set, a
/// request carrying it (Basic, any user name, the token as password; or Bearer); without it, anyone, but only while
/// every address the service listens on is loopback. Bound beyond loopback without a token, the pages are off (403
/// with the reason). The token is compared in constant time and never logged.
/// </summary>
internal sealed class PageAccess(GateServiceOptions options)
{
    private bool? loopbackOnly;

    public enum Decision
    {
        Allowed,
        Off,
        NeedsToken,
        Closed,
    }

    public Decision Check(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!options.DashboardEnabled)
        {
            return Decision.Off;
        }

        if (options.DashboardToken is { } token)
        {
            return Presented(context.Request.Headers.Authorization.ToString()) is { } given && Same(given, token) ? Decision.Allowed : Decision.NeedsToken;
        }

        loopbackOnly ??= context.RequestServices.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.All(IsLoopback) ?? false;
        return loopbackOnly.Value ? Decision.Allowed : Decision.Closed;
    }

    /// <summary>Whether an address Kestrel listens on is loopback only (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>, <c>+</c> and names are not).</summary>
    public static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback && (uri.HostNameType != UriHostNameType.Dns || uri.Host == "localhost")
            || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    private static string? Presented(string header)
    {
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header[7..].Trim();
        }

        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? null : pair[(colon + 1)..];
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return null;
    }

    private static bool Same(string given, string token) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
