using System.Text.Json;
using Monitor.Core.References;

namespace Monitor.Registry.Manifests;

/// <summary>A manifest body parsed defensively: anything malformed is an <see cref="InvalidRegistryResponseException"/>.</summary>
internal sealed class ManifestDocument
{
    private const string ReferenceTypeAnnotation = "vnd.docker.reference.type";
    private const string AttestationManifest = "attestation-manifest";
    private const string Unknown = "unknown";
    private static readonly JsonSerializerOptions Json = new() { MaxDepth = 16, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private ManifestDocument(string mediaType, ManifestJson json)
    {
        MediaType = mediaType;
        Content = json;
    }

    /// <summary>One of the four known manifest media types.</summary>
    public string MediaType { get; }

    public bool IsIndex => ManifestMediaTypes.IsIndex(MediaType);

    private ManifestJson Content { get; }

    /// <remarks>
    /// <c>contentType</c>: The response's Content-Type (media type only), if any.<br/>
    /// </remarks>
    public static ManifestDocument Parse(ReadOnlySpan<byte> body, string? contentType)
    {
        var json = RegistryJson.Parse<ManifestJson>(body, Json, "manifest body", "manifest body is not valid manifest JSON");
        var mediaType = EffectiveMediaType(contentType, json)
            ?? throw new InvalidRegistryResponseException(
                $"manifest has an unsupported media type ({Describe(contentType ?? json.MediaType)})");
        if (json.SchemaVersion != 2)
        {
            throw new InvalidRegistryResponseException($"manifest has schemaVersion {json.SchemaVersion}, expected 2");
        }

        if (ManifestMediaTypes.IsIndex(mediaType) ? json.Manifests is null : json.Config is null)
        {
            throw new InvalidRegistryResponseException($"manifest of type {mediaType} lacks its {(ManifestMediaTypes.IsIndex(mediaType) ? "manifests" : "config")}");
        }

        return new ManifestDocument(mediaType, json);
    }

    /// <summary>Platform children of an index; attestation manifests (and entries without a usable platform) left out.</summary>
    public IReadOnlyList<PlatformDigest> Platforms()
    {
        var platforms = new List<PlatformDigest>();
        foreach (var entry in Content.Manifests ?? [])
        {
            var digest = ParseDigest(entry.Digest, "index entry");
            if (IsAttestation(entry) || entry.Platform is not { Os: { Length: > 0 } os, Architecture: { Length: > 0 } architecture })
            {
                continue;
            }

            platforms.Add(new PlatformDigest(os, architecture, entry.Platform.Variant, digest));
        }

        return platforms;
    }

    /// <summary>The child to read a build time from: linux/amd64 when present, else the first platform.</summary>
    public Sha256Digest? PreferredChild()
    {
        var platforms = Platforms();
        return (platforms.FirstOrDefault(p => p is { Os: "linux", Architecture: "amd64" }) ?? (platforms.Count > 0 ? platforms[0] : null))?.Digest;
    }

    public Sha256Digest ConfigDigest() => ParseDigest(Content.Config?.Digest, "config descriptor");

    public static ImageConfigJson ParseConfig(ReadOnlySpan<byte> body) =>
        RegistryJson.Parse<ImageConfigJson>(body, Json, "image config", "image config is not valid JSON");

    private static bool IsAttestation(DescriptorJson entry) =>
        (entry.Annotations?.TryGetValue(ReferenceTypeAnnotation, out var type) == true && type == AttestationManifest)
        || entry.Platform is { Os: Unknown, Architecture: Unknown };

    private static Sha256Digest ParseDigest(string? text, string where) =>
        Sha256Digest.TryParse(text, out var digest)
            ? digest
            : throw new InvalidRegistryResponseException($"{where} has a digest that is not sha256:<64 lowercase hex> ({Describe(text)})");

    private static string? EffectiveMediaType(string? contentType, ManifestJson json)
    {
        if (ManifestMediaTypes.IsKnown(contentType))
        {
            // A body that names a different type than its header is not to be trusted either.
            return json.MediaType is null || json.MediaType == contentType ? contentType : null;
        }

        // Some registries send application/json (or nothing); then the body's own mediaType decides.
        return contentType is null or "application/json" or "application/octet-stream" or "text/plain" && ManifestMediaTypes.IsKnown(json.MediaType)
            ? json.MediaType
            : null;
    }

    /// <summary>Registry-supplied text, shortened and stripped of control characters before it goes into a message.</summary>
    internal static string Describe(string? text)
    {
        if (text is null)
        {
            return "none";
        }

        var clean = new string([.. text.Take(80).Select(c => char.IsControl(c) ? '?' : c)]);
        return text.Length > 80 ? clean + "…" : clean;
    }
}
