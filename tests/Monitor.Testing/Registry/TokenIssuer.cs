using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Monitor.Testing.Registry;

/// <summary>
/// A tiny Docker token service on 127.0.0.1 for <c>auth: token</c> registries: signs ES256 JWTs with a
/// self-signed certificate that the registry trusts through <c>rootcertbundle</c>, the certificate riding
/// in the <c>x5c</c> header (distribution verifies that chain). Claims follow distribution's
/// token spec: iss, sub, aud (= service), exp, nbf, iat, jti, access[{type, name, actions}].
/// </summary>
public sealed class TokenIssuer : IAsyncDisposable
{
    public const string IssuerName = "monitor-test-issuer";

    private readonly ECDsa signingKey;
    private readonly X509Certificate2 certificate;
    private readonly WebApplication app;
    private readonly ConcurrentQueue<TokenRequest> requests = new();
    private readonly string? username;
    private readonly string? password;
    private readonly bool anonymousPull;

    private TokenIssuer(ECDsa signingKey, X509Certificate2 certificate, WebApplication app, int port, string certificateBundlePath,
        string? username, string? password, bool anonymousPull, TimeSpan lifetime)
    {
        this.signingKey = signingKey;
        this.certificate = certificate;
        this.app = app;
        this.username = username;
        this.password = password;
        this.anonymousPull = anonymousPull;
        Realm = new Uri($"http://127.0.0.1:{port}/token");
        CertificateBundlePath = certificateBundlePath;
        TokenLifetime = lifetime;
    }

    public string Service { get; } = "monitor-test-registry";

    public Uri Realm { get; }

    /// <summary>PEM file with the signing certificate, for the registry's <c>rootcertbundle</c>.</summary>
    public string CertificateBundlePath { get; }

    /// <summary>The PEM text of the signing certificate.</summary>
    public string CertificatePem => certificate.ExportCertificatePem();

    /// <summary><c>expires_in</c> of the tokens handed out from now on.</summary>
    public TimeSpan TokenLifetime { get; set; }

    /// <summary>When set, tokens carry no access at all, so the registry rejects them (a "401 after token refresh").</summary>
    public bool GrantNothing { get; set; }

    /// <summary>Token requests clients sent over HTTP (tokens minted in-process by the pusher are not counted).</summary>
    public int RequestCount => requests.Count;

    public IReadOnlyList<TokenRequest> Requests => [.. requests];

    public static async Task<TokenIssuer> StartAsync(string directory, string? username, string? password, bool anonymousPull, TimeSpan lifetime)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = CreateCertificate(key);
        var bundlePath = Path.Combine(directory, "token-issuer.pem");
        await File.WriteAllTextAsync(bundlePath, certificate.ExportCertificatePem());

        var port = FreePort.Next();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var issuer = new TokenIssuer(key, certificate, app, port, bundlePath, username, password, anonymousPull, lifetime);
        app.Run(issuer.HandleAsync);
        await app.StartAsync();
        return issuer;
    }

    /// <summary>A signed token granting these actions, for the harness's own pushes.</summary>
    public string Mint(string subject, IEnumerable<(string Type, string Name, string[] Actions)> access, TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow;
        var header = new Dictionary<string, object>
        {
            ["typ"] = "JWT",
            ["alg"] = "ES256",
            ["x5c"] = new[] { Convert.ToBase64String(certificate.RawData) },
        };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = IssuerName,
            ["sub"] = subject,
            ["aud"] = Service,
            ["exp"] = now.Add(lifetime).ToUnixTimeSeconds(),
            ["nbf"] = now.AddSeconds(-5).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access.Select(a => new Dictionary<string, object> { ["type"] = a.Type, ["name"] = a.Name, ["actions"] = a.Actions }).ToArray(),
        };
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        // .NET signs ECDSA as r||s (IEEE P1363), the JOSE format distribution's libtrust expects.
        var signature = signingKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return signingInput + "." + Base64Url(signature);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        certificate.Dispose();
        signingKey.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path != "/token")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var scopes = context.Request.Query["scope"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList();
        var (account, authenticated, rejected) = Authenticate(context.Request.Headers.Authorization.ToString());
        requests.Enqueue(new TokenRequest(context.Request.Query["service"], scopes, account, authenticated));
        if (rejected)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new { details = "incorrect username or password" });
            return;
        }

        var access = GrantNothing ? [] : scopes.Select(Parse).Select(scope => (scope.Type, scope.Name,
            Actions: authenticated ? scope.Actions : scope.Actions.Where(a => anonymousPull && a == "pull").ToArray()))
            .Where(scope => scope.Actions.Length > 0).ToList();
        var lifetime = TokenLifetime;
        var token = Mint(account ?? "", access, lifetime);
        await context.Response.WriteAsJsonAsync(new
        {
            token,
            access_token = token,
            expires_in = (int)lifetime.TotalSeconds,
            issued_at = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    private (string? Account, bool Authenticated, bool Rejected) Authenticate(string authorization)
    {
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, false, false);
        }

        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? decoded : decoded[..colon];
        var pass = colon < 0 ? "" : decoded[(colon + 1)..];
        var valid = username is not null && user == username && pass == password;
        return (user, valid, !valid);
    }

    /// <summary><c>repository:library/python:pull,push</c> → type, name, actions (names never contain ':').</summary>
    private static (string Type, string Name, string[] Actions) Parse(string scope)
    {
        var first = scope.IndexOf(':', StringComparison.Ordinal);
        var last = scope.LastIndexOf(':');
        return first < 0 || first == last
            ? (scope, "", [])
            : (scope[..first], scope[(first + 1)..last], scope[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries));
    }

    private static X509Certificate2 CreateCertificate(ECDsa key)
    {
        var request = new CertificateRequest("CN=monitor-test-token-issuer", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
