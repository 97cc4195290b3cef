// Sources: Red Hat Quay API reference, "listRepoTags" (https://docs.redhat.com/en/documentation/red_hat_quay/3/html/red_hat_quay_api_reference/listrepotags):
// GET /api/v1/repository/{repository}/tag/ with onlyActiveTags, page (default 1), limit ("Maximum 100"), filter_tag_name,
// specificTag; 200/400/401/403/404. Red Hat Quay "Viewing tag history with the API"
// (https://docs.redhat.com/en/documentation/red_hat_quay/3/html/use_red_hat_quay/viewing-tag-history-v2-api): the answer
// {"tags": [{"name", "reversion", "start_ts", "manifest_digest", "is_manifest_list", "size", "last_modified"}], "page": 1,
// "has_additional": false}. The docs are silent on end_ts, expiration, the default limit and the order; those follow
// Quay's source (https://github.com/quay/quay, endpoints/api/tag.py: end_ts/expiration only for ended or expiring
// assignments, start_ts left out when unknown, limit default 50; data/model/oci/tag.py: ordered by start descending, then
// name). Anonymous reads of public repositories.
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Monitor.Core.References;

namespace Monitor.Testing.Registry.Vendors;

/// <summary>Quay's tag API (<c>/api/v1/repository/{ns}/{repo}/tag/</c>) over the assignments in <see cref="Repositories"/>.</summary>
public sealed partial class QuayTagApi(TimeProvider? time = null) : IVendorApi
{
    private readonly TimeProvider time = time ?? TimeProvider.System;

    /// <summary>Repository (<c>ns/name</c>) → every assignment of its tags, live and ended.</summary>
    public ConcurrentDictionary<string, List<QuayAssignment>> Repositories { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, served instead of the fixture (hostile answers).</summary>
    public string? Body { get; set; }

    /// <summary>Every page claims another follows (endless paging).</summary>
    public bool Endless { get; set; }

    /// <summary>Points a tag at a manifest from <paramref name="at"/> on, ending its current assignment then.</summary>
    public void Push(string repository, string tag, Sha256Digest digest, DateTimeOffset at, bool isManifestList = true)
    {
        var assignments = Repositories.GetOrAdd(repository, _ => []);
        lock (assignments)
        {
            var seconds = at.ToUnixTimeSeconds();
            for (var i = 0; i < assignments.Count; i++)
            {
                if (assignments[i] is { EndTs: null } live && live.Name == tag)
                {
                    assignments[i] = live with { EndTs = seconds };
                }
            }

            assignments.Add(new QuayAssignment(tag, digest.Value, isManifestList, seconds, null));
        }
    }

    public bool Serves(HttpRequest request) => HttpMethods.IsGet(request.Method) && TagPath().IsMatch(request.Path.Value ?? "");

    public async Task HandleAsync(HttpContext context, VendorStub stub)
    {
        var repository = TagPath().Match(context.Request.Path.Value!).Groups["repo"].Value;
        context.Response.ContentType = "application/json";
        if (!Repositories.TryGetValue(repository, out var assignments))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("""{"detail": "Not Found", "error_message": "Not Found", "status": 404, "title": "not_found", "type": "https://quay.io/api/v1/error/not_found"}""");
            return;
        }

        if (Body is not null)
        {
            await context.Response.WriteAsync(Body);
            return;
        }

        var query = context.Request.Query;
        var page = Math.Max(1, Int(query["page"], 1));
        var limit = Math.Clamp(Int(query["limit"], 50), 1, 100);
        var activeOnly = query["onlyActiveTags"].ToString().ToLowerInvariant() is "true" or "1" or "yes";
        var specific = query["specificTag"].ToString();
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        List<QuayAssignment> selected;
        lock (assignments)
        {
            selected = [.. assignments
                .Where(a => specific.Length == 0 || a.Name == specific)
                .Where(a => !activeOnly || a.EndTs is null || a.EndTs > now)
                .OrderByDescending(a => a.StartTs ?? 0).ThenBy(a => a.Name, StringComparer.Ordinal)];
        }

        var onPage = selected.Skip((page - 1) * limit).Take(limit).Select(Entry).ToList();
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["tags"] = onPage,
            ["page"] = page,
            ["has_additional"] = Endless || selected.Count > page * limit,
        }));
    }

    /// <summary>One tag entry as Quay's <c>_tag_dict</c> writes it.</summary>
    private static Dictionary<string, object?> Entry(QuayAssignment a)
    {
        var entry = new Dictionary<string, object?> { ["name"] = a.Name, ["reversion"] = false };
        if (a.StartTs is { } start)
        {
            entry["start_ts"] = start;
        }

        if (a.EndTs is { } end)
        {
            entry["end_ts"] = end;
        }

        entry["manifest_digest"] = a.Digest;
        entry["is_manifest_list"] = a.IsManifestList;
        entry["size"] = 2_275_314;
        if (a.StartTs is { } modified)
        {
            entry["last_modified"] = DateTimeOffset.FromUnixTimeSeconds(modified).ToString("ddd, dd MMM yyyy HH:mm:ss '-0000'", CultureInfo.InvariantCulture);
        }

        if (a.EndTs is { } expires)
        {
            entry["expiration"] = DateTimeOffset.FromUnixTimeSeconds(expires).ToString("ddd, dd MMM yyyy HH:mm:ss '-0000'", CultureInfo.InvariantCulture);
        }

        return entry;
    }

    private static int Int(string? text, int fallback) => int.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    [GeneratedRegex("^/api/v1/repository/(?<repo>[^/]+/[^/]+)/tag/$")]
    private static partial Regex TagPath();
}

/// <summary>One assignment of a Quay tag: <paramref name="Digest"/> is kept as text so tests can plant hostile values.</summary>
public sealed record QuayAssignment(string Name, string Digest, bool IsManifestList, long? StartTs, long? EndTs);
