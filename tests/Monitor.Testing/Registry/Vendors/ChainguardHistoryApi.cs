// Source: Chainguard Academy, "Using the Tag History API"
// (https://edu.chainguard.dev/chainguard/chainguard-images/features/using-the-tag-history-api/): a registry token from
// https://cgr.dev/token?scope=repository:chainguard/IMAGE_NAME:pull (anonymous for public images), then
// GET https://cgr.dev/v2/ORGANIZATION/IMAGE/_chainguard/history/TAG with "Authorization: Bearer <token>" answers
// {"history": [{"updateTimestamp": "2023-05-12T13:46:10.555Z", "digest": "sha256:…"}, …]}, oldest first; optional
// `start` and `end` parameters (ISO 8601) narrow it; "a maximum of 1000 records on a single request". The first answers
// capitalised the keys ("UpdateTimestamp", "Digest": Jason Hall's announcement gist,
// https://gist.github.com/imjasonh/c19141e41570ff8762c3aa4cec80cae4). The docs are silent on whether `start` is
// inclusive (this stub includes an entry at exactly `start`), on the error bodies and on the status of an unknown tag
// (this stub: 404 with an OCI error body, as for manifests).
using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Monitor.Core.References;

namespace Monitor.Testing.Registry.Vendors;

/// <summary>Chainguard's tag history API, on the registry host beside the OCI API, authorised like the registry behind the stub.</summary>
public sealed partial class ChainguardHistoryApi : IVendorApi
{
    public const int PageLimit = 1000;

    /// <summary><c>repository:tag</c> → the tag's history, in any order (answers are sorted oldest first).</summary>
    public ConcurrentDictionary<string, List<(DateTimeOffset At, string Digest)>> Histories { get; } = new(StringComparer.Ordinal);

    /// <summary>The first format's capitalised keys (<c>UpdateTimestamp</c>, <c>Digest</c>).</summary>
    public bool Capitalised { get; set; }

    /// <summary>When set, served instead of the fixture (hostile answers).</summary>
    public string? Body { get; set; }

    /// <summary>Every answer is the first <see cref="PageLimit"/> entries, whatever <c>start</c> says (a history that never ends).</summary>
    public bool IgnoreStart { get; set; }

    public void Add(string repository, string tag, DateTimeOffset at, Sha256Digest digest) =>
        Histories.GetOrAdd($"{repository}:{tag}", _ => []).Add((at, digest.Value));

    public bool Serves(HttpRequest request) => HttpMethods.IsGet(request.Method) && HistoryPath().IsMatch(request.Path.Value ?? "");

    public async Task HandleAsync(HttpContext context, VendorStub stub)
    {
        var match = HistoryPath().Match(context.Request.Path.Value!);
        var repository = match.Groups["repo"].Value;
        if (!await stub.AuthorizeLikeUpstreamAsync(context, repository))
        {
            return;
        }

        context.Response.ContentType = "application/json";
        if (!Histories.TryGetValue($"{repository}:{match.Groups["tag"].Value}", out var history))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("""{"errors":[{"code":"MANIFEST_UNKNOWN","message":"unknown tag"}]}""");
            return;
        }

        if (Body is not null)
        {
            await context.Response.WriteAsync(Body);
            return;
        }

        DateTimeOffset? start = !IgnoreStart && DateTimeOffset.TryParse(context.Request.Query["start"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var from) ? from : null;
        var (time, digest) = Capitalised ? ("UpdateTimestamp", "Digest") : ("updateTimestamp", "digest");
        var entries = history.Where(h => start is null || h.At >= start).OrderBy(h => h.At).Take(PageLimit)
            .Select(h => new Dictionary<string, string>
            {
                [time] = h.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                [digest] = h.Digest,
            });
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { history = entries }));
    }

    [GeneratedRegex("^/v2/(?<repo>.+)/_chainguard/history/(?<tag>[^/]+)$")]
    private static partial Regex HistoryPath();
}
