// Source: GCR's and Artifact Registry's extension of the OCI tag list, GET /v2/{name}/tags/list, as read by Google's own
// client, go-containerregistry pkg/v1/google/list.go (https://github.com/google/go-containerregistry/blob/main/pkg/v1/google/list.go):
// {"child": [...], "manifest": {"sha256:…": {"imageSizeBytes", "mediaType", "tag": [...], "timeCreatedMs", "timeUploadedMs"}},
//  "name": "…", "tags": [...]}. It documents that GCR writes timeUploadedMs as a string and Artifact Registry as a number,
// and reads the answer as one page (no `n`). Google's public docs do not describe this map (the Artifact Registry REST API
// documents its own DockerImage resource instead): field meanings beyond those names are not documented.
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Monitor.Core.References;

namespace Monitor.Testing.Registry.Vendors;

/// <summary>GCR's <c>tags/list</c> with its <c>manifest</c> map, for the repositories in <see cref="Repositories"/> (others are forwarded).</summary>
public sealed partial class GcrTagListApi : IVendorApi
{
    /// <summary>Repository (<c>project/image</c>) → its manifests.</summary>
    public ConcurrentDictionary<string, List<GcrManifest>> Repositories { get; } = new(StringComparer.Ordinal);

    /// <summary>True (GCR): numbers as JSON strings; false (Artifact Registry): as numbers.</summary>
    public bool NumbersAsStrings { get; set; } = true;

    /// <summary>When set, answers carry <c>Link: &lt;…&gt;; rel="next"</c> (a paged, partial map).</summary>
    public bool AddNextLink { get; set; }

    /// <summary>When set, served instead of the fixture (hostile answers).</summary>
    public string? Body { get; set; }

    /// <summary>Adds (or moves) tags: the manifest gets them, every other manifest of the repository loses them.</summary>
    public void Push(string repository, Sha256Digest digest, DateTimeOffset uploaded, string mediaType, params string[] tags)
    {
        var manifests = Repositories.GetOrAdd(repository, _ => []);
        lock (manifests)
        {
            for (var i = 0; i < manifests.Count; i++)
            {
                manifests[i] = manifests[i] with { Tags = [.. manifests[i].Tags.Except(tags)] };
            }

            manifests.RemoveAll(m => m.Digest == digest);
            manifests.Add(new GcrManifest(digest, tags, uploaded, uploaded.AddMinutes(-3), mediaType));
        }
    }

    public bool Serves(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && TagList().Match(request.Path.Value ?? "") is { Success: true } match
        && Repositories.ContainsKey(match.Groups["name"].Value);

    public async Task HandleAsync(HttpContext context, VendorStub stub)
    {
        var name = TagList().Match(context.Request.Path.Value!).Groups["name"].Value;
        if (!await stub.AuthorizeLikeUpstreamAsync(context, name))
        {
            return;
        }

        if (AddNextLink)
        {
            context.Response.Headers.Link = $"</v2/{name}/tags/list?n=100&last=zz>; rel=\"next\"";
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Body ?? Json(name), context.RequestAborted);
    }

    private string Json(string name)
    {
        var manifests = Repositories[name];
        lock (manifests)
        {
            object Number(long value) => NumbersAsStrings ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : value;
            return JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["child"] = Array.Empty<string>(),
                ["manifest"] = manifests.ToDictionary(m => m.Digest.Value, m => (object)new Dictionary<string, object>
                {
                    ["imageSizeBytes"] = Number(2_275_314),
                    ["layerId"] = "",
                    ["mediaType"] = m.MediaType,
                    ["tag"] = m.Tags,
                    ["timeCreatedMs"] = Number(m.Created.ToUnixTimeMilliseconds()),
                    ["timeUploadedMs"] = Number(m.Uploaded.ToUnixTimeMilliseconds()),
                }),
                ["name"] = name,
                ["tags"] = manifests.SelectMany(m => m.Tags).Order(StringComparer.Ordinal).ToArray(),
            });
        }
    }

    [GeneratedRegex("^/v2/(?<name>.+)/tags/list$")]
    private static partial Regex TagList();
}

/// <summary>One manifest of a GCR repository and the tags on it.</summary>
public sealed record GcrManifest(Sha256Digest Digest, IReadOnlyList<string> Tags, DateTimeOffset Uploaded, DateTimeOffset Created, string MediaType);
