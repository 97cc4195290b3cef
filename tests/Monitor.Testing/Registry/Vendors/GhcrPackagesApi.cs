// Source: GitHub REST API, "List package versions for a package owned by an organization"
// (https://docs.github.com/en/rest/packages/packages?apiVersion=2022-11-28#list-package-versions-for-a-package-owned-by-an-organization):
// GET /orgs/{org}/packages/{package_type}/{package_name}/versions, and /users/{username}/… for "… owned by a user";
// query page, per_page ("max 100"), state (active/deleted); a token with read:packages; 200, 401 "Requires
// authentication", 403, 404; the answer an array of {"id", "name", "url", "package_html_url", "created_at",
// "updated_at", "html_url", "metadata": {"package_type": "container", "container": {"tags": [...]}}}; more pages through
// the Link header ("Using pagination in the REST API"). The reference's example names a version "latest"; for GHCR
// packages the name is the manifest digest (as GitHub's answers show, e.g. github.com/orgs/community/discussions/124413).
// The docs are silent on the order of the versions (this stub: newest first, as GitHub answers).
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Monitor.Core.References;

namespace Monitor.Testing.Registry.Vendors;

/// <summary>GitHub's package versions API for the container packages in <see cref="Packages"/>, for the bearer <see cref="Token"/> only.</summary>
public sealed partial class GhcrPackagesApi(string token) : IVendorApi
{
    public string Token { get; } = token;

    /// <summary><c>orgs/{org}/{package}</c> or <c>users/{user}/{package}</c> (package unescaped) → its versions.</summary>
    public ConcurrentDictionary<string, List<GhcrVersion>> Packages { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, served instead of the fixture (hostile answers).</summary>
    public string? Body { get; set; }

    public void Add(string ownerKind, string owner, string package, Sha256Digest digest, DateTimeOffset created, params string[] tags) =>
        Packages.GetOrAdd($"{ownerKind}/{owner}/{package}", _ => []).Add(new GhcrVersion(digest.Value, created, tags));

    public bool Serves(HttpRequest request) => HttpMethods.IsGet(request.Method) && VersionsPath().IsMatch(request.Path.Value ?? "");

    public async Task HandleAsync(HttpContext context, VendorStub stub)
    {
        var match = VersionsPath().Match(context.Request.Path.Value!);
        context.Response.ContentType = "application/json; charset=utf-8";
        if (context.Request.Headers.Authorization.ToString() != $"Bearer {Token}")
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("""{"message":"Requires authentication","documentation_url":"https://docs.github.com/rest","status":"401"}""");
            return;
        }

        var key = $"{match.Groups["kind"].Value}/{match.Groups["owner"].Value}/{Uri.UnescapeDataString(match.Groups["package"].Value)}";
        if (!Packages.TryGetValue(key, out var versions))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("""{"message":"Package not found.","documentation_url":"https://docs.github.com/rest/packages/packages","status":"404"}""");
            return;
        }

        if (Body is not null)
        {
            await context.Response.WriteAsync(Body);
            return;
        }

        var page = Math.Max(1, Int(context.Request.Query["page"], 1));
        var perPage = Math.Clamp(Int(context.Request.Query["per_page"], 30), 1, 100);
        var ordered = versions.OrderByDescending(v => v.Created).ToList();
        if (ordered.Count > page * perPage)
        {
            context.Response.Headers.Link = $"<{stub.BaseUri}{key}/versions?per_page={perPage}&page={page + 1}>; rel=\"next\"";
        }

        var id = 212_381_245 - ((page - 1) * perPage);
        await context.Response.WriteAsync(JsonSerializer.Serialize(ordered.Skip((page - 1) * perPage).Take(perPage).Select(v => new Dictionary<string, object>
        {
            ["id"] = id--,
            ["name"] = v.Name,
            ["url"] = $"https://api.github.com/{key}/versions/{id}",
            ["package_html_url"] = $"https://github.com/{key}",
            ["created_at"] = v.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["updated_at"] = v.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["html_url"] = $"https://github.com/{key}/{id}",
            ["metadata"] = new { package_type = "container", container = new { tags = v.Tags } },
        })));
    }

    private static int Int(string? text, int fallback) => int.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    [GeneratedRegex("^/(?<kind>orgs|users)/(?<owner>[^/]+)/packages/container/(?<package>[^/]+)/versions$")]
    private static partial Regex VersionsPath();
}

/// <summary>One version of a GHCR package: <paramref name="Name"/> (the digest) is text so tests can plant hostile values.</summary>
public sealed record GhcrVersion(string Name, DateTimeOffset Created, IReadOnlyList<string> Tags);
