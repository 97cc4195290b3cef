// Source: none from Microsoft. The catalog behind mcr.microsoft.com's web pages, GET /api/v1/catalog/{repository}/tags?reg=mar,
// is not documented. Its shape here is what its users read: a JSON array of entries with "name", "digest",
// "lastModifiedDate", "architecture", "operatingSystem" (RSSHub's MCR route, https://github.com/DIYgod/RSSHub,
// lib/routes/microsoft/mcr.ts), and "createdDate" (scripts that watch dotnet images read createdDate or lastModifiedDate).
// Not known, and so not assumed by Monitor: whether "digest" is a tag's index or one platform's manifest (this stub lists
// one entry per platform of a tag, all with the tag's own digest, plus none for other digests), the exact date format
// (this stub writes ISO 8601 with "Z"), paging (none seen) and error bodies.
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Monitor.Core.References;

namespace Monitor.Testing.Registry.Vendors;

/// <summary>MCR's catalog tag list, for the repositories in <see cref="Repositories"/> (404 for others).</summary>
public sealed partial class McrCatalogApi : IVendorApi
{
    /// <summary>Repository → its catalog entries.</summary>
    public ConcurrentDictionary<string, List<McrCatalogEntry>> Repositories { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, served instead of the fixture (hostile answers).</summary>
    public string? Body { get; set; }

    /// <summary>A tag's entries: one per platform, with the tag's digest and its last modification.</summary>
    public void Add(string repository, string tag, Sha256Digest digest, DateTimeOffset lastModified, params string[] platforms)
    {
        var entries = Repositories.GetOrAdd(repository, _ => []);
        lock (entries)
        {
            foreach (var platform in platforms.Length == 0 ? ["linux/amd64"] : platforms)
            {
                var parts = platform.Split('/');
                entries.Add(new McrCatalogEntry(tag, digest.Value, parts[0], parts[1], lastModified.AddDays(-30), lastModified));
            }
        }
    }

    public bool Serves(HttpRequest request) => HttpMethods.IsGet(request.Method) && CatalogPath().IsMatch(request.Path.Value ?? "");

    public async Task HandleAsync(HttpContext context, VendorStub stub)
    {
        var repository = CatalogPath().Match(context.Request.Path.Value!).Groups["repo"].Value;
        context.Response.ContentType = "application/json";
        if (!Repositories.TryGetValue(repository, out var entries))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (Body is not null)
        {
            await context.Response.WriteAsync(Body);
            return;
        }

        static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        string json;
        lock (entries)
        {
            json = JsonSerializer.Serialize(entries.Select(e => new Dictionary<string, object>
            {
                ["name"] = e.Name,
                ["operatingSystem"] = e.OperatingSystem,
                ["architecture"] = e.Architecture,
                ["digest"] = e.Digest,
                ["size"] = 2_275_314,
                ["createdDate"] = Date(e.Created),
                ["lastModifiedDate"] = Date(e.LastModified),
            }));
        }

        await context.Response.WriteAsync(json);
    }

    [GeneratedRegex("^/api/v1/catalog/(?<repo>.+)/tags$")]
    private static partial Regex CatalogPath();
}

/// <summary>One entry of the MCR catalog: <paramref name="Digest"/> is text so tests can plant hostile values.</summary>
public sealed record McrCatalogEntry(string Name, string Digest, string OperatingSystem, string Architecture, DateTimeOffset Created, DateTimeOffset LastModified);
