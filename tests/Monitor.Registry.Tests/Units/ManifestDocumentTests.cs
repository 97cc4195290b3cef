using System.Text;
using Monitor.Registry.Manifests;
using Monitor.Registry.Tests.Support;

namespace Monitor.Registry.Tests.Units;

public sealed class ManifestDocumentTests
{
    [Fact]
    public void Index_platforms_exclude_attestations_by_annotation_and_by_unknown_platform()
    {
        var amd64 = Responses.RandomDigest();
        var arm = Responses.RandomDigest();
        var body = Encoding.UTF8.GetBytes($$$"""
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{amd64}}}","size":1,"platform":{"os":"linux","architecture":"amd64"}},
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{arm}}}","size":1,"platform":{"os":"linux","architecture":"arm","variant":"v7"}},
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{Responses.RandomDigest()}}}","size":1,"platform":{"os":"unknown","architecture":"unknown"}},
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{Responses.RandomDigest()}}}","size":1,
               "annotations":{"vnd.docker.reference.type":"attestation-manifest","vnd.docker.reference.digest":"{{{amd64}}}"},"platform":{"os":"linux","architecture":"amd64"}},
              {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{Responses.RandomDigest()}}}","size":1}
            ]}
            """);

        var document = ManifestDocument.Parse(body, ManifestMediaTypes.OciIndex);

        Assert.True(document.IsIndex);
        Assert.Equal(["linux/amd64", "linux/arm/v7"], document.Platforms().Select(p => p.Platform));
        Assert.Equal(amd64, document.PreferredChild());
    }

    [Fact]
    public void Body_media_type_that_contradicts_the_header_is_refused()
    {
        var body = Encoding.UTF8.GetBytes("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"digest":"x"}}""");

        Assert.Throws<InvalidRegistryResponseException>(() => ManifestDocument.Parse(body, ManifestMediaTypes.OciIndex));
    }

    [Fact]
    public void Deeply_nested_json_is_refused()
    {
        var body = Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"x\":" + new string('[', 100) + new string(']', 100) + "}");

        Assert.Throws<InvalidRegistryResponseException>(() => ManifestDocument.Parse(body, ManifestMediaTypes.OciIndex));
    }

    [Fact]
    public void Registry_text_in_messages_is_shortened_and_stripped_of_control_characters()
    {
        var described = ManifestDocument.Describe("evil\r\nInjected: header" + new string('x', 200));

        Assert.DoesNotContain('\n', described);
        Assert.True(described.Length <= 81);
    }
}
