using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Monitor.Core.References;

namespace Monitor.Testing.Registry;

/// <summary>
/// Builds tiny images in memory and stores them through the OCI distribution push API (blob upload
/// POST + PUT with digest, manifest PUT), so tests control exactly which digest a tag points at.
/// Every push gets a fresh random layer: pushing to the same tag again yields a new digest.
/// </summary>
public sealed class OciImagePusher
{
    private const string AttestationReferenceType = "attestation-manifest";
    private readonly HttpClient client;
    private readonly Func<string, AuthenticationHeaderValue?> authorize;

    internal OciImagePusher(HttpClient client, Func<string, AuthenticationHeaderValue?> authorize)
    {
        this.client = client;
        this.authorize = authorize;
    }

    /// <summary>Pushes a single-platform image; with <paramref name="tag"/> null it is stored by digest only.</summary>
    public async Task<PushedImage> PushImageAsync(string repository, string? tag, PlatformSpec? platform = null,
        DateTimeOffset? created = null, ManifestFormat format = ManifestFormat.Oci, CancellationToken cancellationToken = default)
    {
        var layer = await PushRandomLayerAsync(repository, cancellationToken);
        return await PushImageOfLayerAsync(repository, tag, layer, platform ?? PlatformSpec.LinuxAmd64, created, format, cancellationToken);
    }

    /// <summary>
    /// Pushes one single-platform image per tag into one repository, all on one random layer, each with a config of its own
    /// (built one second after the previous, from <paramref name="created"/> on) and so a digest and config digest of its own:
    /// a fleet of distinct images for one blob and one manifest upload per tag.
    /// </summary>
    public async Task<IReadOnlyList<PushedImage>> PushImagesAsync(string repository, IReadOnlyList<string> tags, DateTimeOffset created,
        int parallelism = 4, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var layer = await PushRandomLayerAsync(repository, cancellationToken);
        var images = new PushedImage[tags.Count];
        await Parallel.ForAsync(0, tags.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (i, ct) =>
            images[i] = await PushImageOfLayerAsync(repository, tags[i], layer, PlatformSpec.LinuxAmd64, created.AddSeconds(i), ManifestFormat.Oci, ct));
        return images;
    }

    /// <summary>Copies an image into another repository blob by blob (the same bytes, so the same digests), under <paramref name="tag"/>.</summary>
    public async Task<PushedImage> CopyAsync(PushedImage image, string repository, string tag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var manifest = JsonDocument.Parse(image.Content);
        var blobs = manifest.RootElement.GetProperty("layers").EnumerateArray().Append(manifest.RootElement.GetProperty("config"))
            .Select(descriptor => descriptor.GetProperty("digest").GetString()!).ToList();
        foreach (var blob in blobs)
        {
            using var request = Request(HttpMethod.Get, $"/v2/{image.Repository}/blobs/{blob}", image.Repository);
            using var response = await client.SendAsync(request, cancellationToken);
            await EnsureAsync(response, HttpStatusCode.OK, $"GET blob {image.Repository}@{blob}", cancellationToken);
            await PushBlobAsync(repository, await response.Content.ReadAsByteArrayAsync(cancellationToken), cancellationToken);
        }

        await PushManifestAsync(repository, tag, image.MediaType, image.Content, cancellationToken);
        return image with { Repository = repository };
    }

    private async Task<PushedImage> PushImageOfLayerAsync(string repository, string? tag, PushedLayer layer, PlatformSpec platform,
        DateTimeOffset? created, ManifestFormat format, CancellationToken cancellationToken)
    {
        var config = new JsonObject
        {
            ["architecture"] = platform.Architecture,
            ["os"] = platform.Os,
        };
        if (platform.Variant is not null)
        {
            config["variant"] = platform.Variant;
        }

        if (created is not null)
        {
            config["created"] = created.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture);
        }

        config["config"] = new JsonObject();
        config["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(layer.DiffId.Value) };
        var configBytes = JsonSerializer.SerializeToUtf8Bytes(config);
        var configDigest = await PushBlobAsync(repository, configBytes, cancellationToken);

        var oci = format == ManifestFormat.Oci;
        var mediaType = oci ? MediaTypes.OciManifest : MediaTypes.DockerManifest;
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = mediaType,
            ["config"] = Descriptor(oci ? MediaTypes.OciConfig : MediaTypes.DockerConfig, configDigest, configBytes.Length),
            ["layers"] = new JsonArray(Descriptor(oci ? MediaTypes.OciLayer : MediaTypes.DockerLayer, layer.Digest, layer.Size)),
        };
        var content = JsonSerializer.SerializeToUtf8Bytes(manifest);
        var digest = await PushManifestAsync(repository, tag, mediaType, content, cancellationToken);
        return new PushedImage(repository, digest, mediaType, content, platform, configDigest, created);
    }

    /// <summary>
    /// Pushes one image per platform, then an index (or Docker manifest list) naming them under <paramref name="tag"/>.
    /// With <paramref name="withAttestation"/>, adds a BuildKit-style attestation manifest entry
    /// (<c>unknown/unknown</c>, annotation <c>vnd.docker.reference.type: attestation-manifest</c>); OCI only.
    /// </summary>
    public async Task<PushedIndex> PushIndexAsync(string repository, string tag, IReadOnlyList<PlatformSpec> platforms,
        bool withAttestation = false, ManifestFormat format = ManifestFormat.Oci, DateTimeOffset? created = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(platforms);
        if (withAttestation && format != ManifestFormat.Oci)
        {
            throw new ArgumentException("attestation manifests only appear in OCI indexes", nameof(withAttestation));
        }

        var children = new List<PushedImage>();
        foreach (var platform in platforms)
        {
            children.Add(await PushImageAsync(repository, null, platform, created, format, cancellationToken));
        }

        var entries = Entries(children);
        PushedManifest? attestation = null;
        if (withAttestation)
        {
            attestation = await PushAttestationAsync(repository, cancellationToken);
            var entry = Descriptor(attestation.MediaType, attestation.Digest, attestation.Content.Length);
            entry["annotations"] = new JsonObject
            {
                ["vnd.docker.reference.digest"] = children[0].Digest.Value,
                ["vnd.docker.reference.type"] = AttestationReferenceType,
            };
            entry["platform"] = new JsonObject { ["architecture"] = "unknown", ["os"] = "unknown" };
            entries.Add(entry);
        }

        return await PushIndexManifestAsync(repository, tag, entries, children, attestation, format, cancellationToken);
    }

    /// <summary>Pushes an index (or Docker manifest list) of already pushed images, e.g. children built at different times.</summary>
    public async Task<PushedIndex> PushIndexOfAsync(string repository, string tag, IReadOnlyList<PushedImage> children,
        ManifestFormat format = ManifestFormat.Oci, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(children);
        return await PushIndexManifestAsync(repository, tag, Entries(children), children, null, format, cancellationToken);
    }

    /// <summary>Points another tag at an already pushed manifest (same bytes, same digest).</summary>
    public Task TagAsync(PushedManifest manifest, string tag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return PushManifestAsync(manifest.Repository, tag, manifest.MediaType, manifest.Content, cancellationToken);
    }

    /// <summary>Stores manifest bytes under a tag (or under their digest when <paramref name="tag"/> is null); returns the digest.</summary>
    public async Task<Sha256Digest> PushManifestAsync(string repository, string? tag, string mediaType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var digest = Sha256Digest.Compute(content.Span);
        using var request = Request(HttpMethod.Put, $"/v2/{repository}/manifests/{tag ?? digest.Value}", repository);
        request.Content = new ReadOnlyMemoryContent(content);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await client.SendAsync(request, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.Created, $"PUT manifest {repository}:{tag ?? digest.Value}", cancellationToken);
        var reported = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;
        if (reported is not null && reported != digest.Value)
        {
            throw new InvalidOperationException($"registry stored {repository} as {reported}, expected {digest}");
        }

        return digest;
    }

    /// <summary>Deletes the manifest a tag points at (distribution deletes by digest only); returns that digest.</summary>
    public async Task<Sha256Digest> DeleteTagAsync(string repository, string tag, CancellationToken cancellationToken = default)
    {
        using var head = Request(HttpMethod.Head, $"/v2/{repository}/manifests/{tag}", repository);
        head.Headers.TryAddWithoutValidation("Accept", MediaTypes.AllManifests);
        using var found = await client.SendAsync(head, cancellationToken);
        await EnsureAsync(found, HttpStatusCode.OK, $"HEAD manifest {repository}:{tag}", cancellationToken);
        var digest = Sha256Digest.Parse(found.Headers.GetValues("Docker-Content-Digest").First());
        await DeleteManifestAsync(repository, digest, cancellationToken);
        return digest;
    }

    public async Task DeleteManifestAsync(string repository, Sha256Digest digest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(digest);
        using var request = Request(HttpMethod.Delete, $"/v2/{repository}/manifests/{digest.Value}", repository);
        using var response = await client.SendAsync(request, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.Accepted, $"DELETE manifest {repository}@{digest}", cancellationToken);
    }

    /// <summary>Uploads a blob (POST to open an upload, PUT the bytes with their digest) and returns its digest.</summary>
    public async Task<Sha256Digest> PushBlobAsync(string repository, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var digest = Sha256Digest.Compute(content.Span);
        using var start = Request(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/", repository);
        using var started = await client.SendAsync(start, cancellationToken);
        await EnsureAsync(started, HttpStatusCode.Accepted, $"POST blob upload {repository}", cancellationToken);
        var location = started.Headers.Location ?? throw new InvalidOperationException("blob upload started without a Location");
        var uploadUri = location.IsAbsoluteUri ? location : new Uri(client.BaseAddress!, location);
        var separator = string.IsNullOrEmpty(uploadUri.Query) ? "?" : "&";
        using var put = Request(HttpMethod.Put, uploadUri + separator + "digest=" + Uri.EscapeDataString(digest.Value), repository);
        put.Content = new ReadOnlyMemoryContent(content);
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var finished = await client.SendAsync(put, cancellationToken);
        await EnsureAsync(finished, HttpStatusCode.Created, $"PUT blob {repository}@{digest}", cancellationToken);
        return digest;
    }

    private async Task<PushedManifest> PushAttestationAsync(string repository, CancellationToken cancellationToken)
    {
        var statement = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v0.1",
            ["predicateType"] = "https://slsa.dev/provenance/v0.2",
            ["nonce"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
        });
        var statementDigest = await PushBlobAsync(repository, statement, cancellationToken);
        var config = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["architecture"] = "unknown",
            ["os"] = "unknown",
            ["config"] = new JsonObject(),
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(statementDigest.Value) },
        });
        var configDigest = await PushBlobAsync(repository, config, cancellationToken);
        var layer = Descriptor(MediaTypes.InToto, statementDigest, statement.Length);
        layer["annotations"] = new JsonObject { ["in-toto.io/predicate-type"] = "https://slsa.dev/provenance/v0.2" };
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypes.OciManifest,
            ["config"] = Descriptor(MediaTypes.OciConfig, configDigest, config.Length),
            ["layers"] = new JsonArray(layer),
        });
        var digest = await PushManifestAsync(repository, null, MediaTypes.OciManifest, manifest, cancellationToken);
        return new PushedManifest(repository, digest, MediaTypes.OciManifest, manifest);
    }

    private async Task<PushedIndex> PushIndexManifestAsync(string repository, string tag, JsonArray entries, IReadOnlyList<PushedImage> children,
        PushedManifest? attestation, ManifestFormat format, CancellationToken cancellationToken)
    {
        var mediaType = format == ManifestFormat.Oci ? MediaTypes.OciIndex : MediaTypes.DockerManifestList;
        var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = mediaType, ["manifests"] = entries };
        var content = JsonSerializer.SerializeToUtf8Bytes(index);
        var digest = await PushManifestAsync(repository, tag, mediaType, content, cancellationToken);
        return new PushedIndex(repository, digest, mediaType, content, children, attestation);
    }

    private static JsonArray Entries(IEnumerable<PushedImage> children)
    {
        var entries = new JsonArray();
        foreach (var child in children)
        {
            var entry = Descriptor(child.MediaType, child.Digest, child.Content.Length);
            entry["platform"] = PlatformJson(child.Platform);
            entries.Add(entry);
        }

        return entries;
    }

    private async Task<PushedLayer> PushRandomLayerAsync(string repository, CancellationToken cancellationToken)
    {
        var (layer, diffId) = RandomLayer();
        return new PushedLayer(await PushBlobAsync(repository, layer, cancellationToken), layer.Length, diffId);
    }

    /// <summary>A gzipped tar holding one file of random bytes, and the tar's digest (the config's diff_id).</summary>
    private static (byte[] Layer, Sha256Digest DiffId) RandomLayer()
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "monitor-test")
            {
                DataStream = new MemoryStream(RandomNumberGenerator.GetBytes(32)),
            };
            writer.WriteEntry(entry);
        }

        var diffId = Sha256Digest.Compute(tar.ToArray());
        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(tar.ToArray());
        }

        return (gzipped.ToArray(), diffId);
    }

    private static JsonObject Descriptor(string mediaType, Sha256Digest digest, int size) => new()
    {
        ["mediaType"] = mediaType,
        ["digest"] = digest.Value,
        ["size"] = size,
    };

    private static JsonObject PlatformJson(PlatformSpec platform)
    {
        var json = new JsonObject { ["architecture"] = platform.Architecture, ["os"] = platform.Os };
        if (platform.Variant is not null)
        {
            json["variant"] = platform.Variant;
        }

        return json;
    }

    private HttpRequestMessage Request(HttpMethod method, string uri, string repository)
    {
        var request = new HttpRequestMessage(method, new Uri(uri, UriKind.RelativeOrAbsolute));
        request.Headers.Authorization = authorize(repository);
        return request;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string what, CancellationToken cancellationToken)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        }
    }

    private sealed record PushedLayer(Sha256Digest Digest, int Size, Sha256Digest DiffId);
}
