using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Monitor.Core.References;
using Monitor.Registry.Manifests;

namespace Monitor.Registry.Tests.Support;

/// <summary>Hand-written registry responses.</summary>
internal static class Responses
{
    public static HttpResponseMessage Status(HttpStatusCode status) => new(status) { Content = new ByteArrayContent([]) };

    public static HttpResponseMessage ManifestHead(Sha256Digest digest, string mediaType = ManifestMediaTypes.OciIndex)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        response.Headers.TryAddWithoutValidation("Docker-Content-Digest", digest.Value);
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return response;
    }

    public static HttpResponseMessage Body(byte[] body, string? contentType, string? digestHeader = null)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
        if (contentType is not null)
        {
            response.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        if (digestHeader is not null)
        {
            response.Headers.TryAddWithoutValidation("Docker-Content-Digest", digestHeader);
        }

        return response;
    }

    public static HttpResponseMessage Json(object value, HttpStatusCode status = HttpStatusCode.OK) => new(status)
    {
        Content = new StringContent(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json"),
    };

    public static HttpResponseMessage Challenge(string challenge)
    {
        var response = Status(HttpStatusCode.Unauthorized);
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", challenge);
        return response;
    }

    public static byte[] IndexBody(params (string Os, string Architecture, string? Variant, Sha256Digest Digest)[] platforms) =>
        JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = ManifestMediaTypes.OciIndex,
            manifests = platforms.Select(p => new
            {
                mediaType = ManifestMediaTypes.OciManifest,
                digest = p.Digest.Value,
                size = 500,
                platform = p.Variant is null ? (object)new { os = p.Os, architecture = p.Architecture } : new { os = p.Os, architecture = p.Architecture, variant = p.Variant },
            }),
        });

    public static Sha256Digest RandomDigest() => Sha256Digest.Compute(Guid.NewGuid().ToByteArray());
}
