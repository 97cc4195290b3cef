using System.Net.Http.Headers;
using System.Text;
using Monitor.Worker.Tests.Support;

namespace Monitor.Worker.Tests.Api;

/// <summary>Every way the body of <c>POST /api/watches</c> can be wrong gets a problem document that names it, and stores nothing.</summary>
[Collection(OneHostAtATime.Name)]
public sealed class RequestBodyTests(KeyedApiHost api) : IClassFixture<KeyedApiHost>
{
    /// <summary>What no malformed body below may ever make watched.</summary>
    private const string Probe = "ghcr.io/acme/body-probe:1";

    private const int Limit = 16 * 1024;

    private MonitorHost Host => api.Host;

    [Theory]
    // Not JSON: the reader's reason, and where (line and byte, counted from 1).
    [InlineData("{\"reference\": x}", 400, "Invalid JSON", "not valid JSON at line 1, byte 15: 'x' is an invalid start of a value")]
    [InlineData("{\"reference\": \"" + Probe + "\"", 400, "Invalid JSON", "not valid JSON at line 1, byte 42: Expected depth to be zero")]
    [InlineData("{\n  \"reference\": \"" + Probe + "\",\n  group\n}", 400, "Invalid JSON", "not valid JSON at line 3, byte 3")]
    [InlineData("{\"reference\": \"" + Probe + "\",}", 400, "Invalid JSON", "line 1, byte 43")]
    [InlineData("{\"reference\": \"a\\qb\"}", 400, "Invalid JSON", "'q' is an invalid escapable character")]
    [InlineData("   ", 400, "Invalid JSON", "does not contain any JSON tokens")]
    // JSON of the wrong shape: the field and what it should be.
    [InlineData("{\"reference\": 5}", 400, "Invalid request body", "'reference' must be a string, not a number")]
    [InlineData("{\"reference\": \"" + Probe + "\", \"group\": true}", 400, "Invalid request body", "'group' must be a string, not a boolean")]
    [InlineData("{\"reference\": [\"" + Probe + "\"]}", 400, "Invalid request body", "'reference' must be a string, not an array")]
    [InlineData("{\"reference\": {\"name\": \"" + Probe + "\"}}", 400, "Invalid request body", "'reference' must be a string, not an object")]
    [InlineData("[\"" + Probe + "\"]", 400, "Invalid request body", "must be a JSON object such as {\"reference\": \"python:3.13-slim\"}, not an array")]
    [InlineData("\"" + Probe + "\"", 400, "Invalid request body", "not a string")]
    [InlineData("null", 400, "Invalid request body", "not null")]
    // Unknown fields are refused, so a misspelt group does not quietly put the tag in the default group.
    [InlineData("{\"reference\": \"" + Probe + "\", \"gruop\": \"default\"}", 400, "Invalid request body", "Unknown field 'gruop': a watch takes 'reference' and 'group'")]
    [InlineData("{\"refrence\": \"" + Probe + "\"}", 400, "Invalid request body", "Unknown field 'refrence'")]
    [InlineData("{\"reference\": \"" + Probe + "\", \"Reference\": \"ghcr.io/acme/other:1\"}", 400, "Invalid request body", "'Reference' is given more than once")]
    // No reference.
    [InlineData("{}", 400, "Invalid request body", "'reference' is required, e.g. python:3.13-slim")]
    [InlineData("{\"reference\": null, \"group\": \"default\"}", 400, "Invalid request body", "'reference' is required")]
    [InlineData("{\"reference\": \"  \"}", 400, "Invalid request body", "'reference' is required")]
    public async Task A_malformed_body_is_a_problem_naming_what_is_wrong(string body, int status, string title, string detail)
    {
        var response = await PostAsync(new StringContent(body, Encoding.UTF8, "application/json"));

        AssertProblem(response, status, title, detail);
        await AssertNotWatchedAsync();
    }

    [Theory]
    [InlineData("text/plain", "'text/plain; charset=utf-8'")]
    [InlineData("application/x-www-form-urlencoded", "'application/x-www-form-urlencoded; charset=utf-8'")]
    [InlineData("application/xml", "'application/xml; charset=utf-8'")]
    public async Task A_body_that_is_not_declared_json_is_415(string mediaType, string given)
    {
        var response = await PostAsync(new StringContent($"{{\"reference\": \"{Probe}\"}}", Encoding.UTF8, mediaType));

        AssertProblem(response, 415, "Unsupported media type", $"Content-Type application/json (given: {given})");
        await AssertNotWatchedAsync();
    }

    [Fact]
    public async Task A_json_body_without_a_content_type_is_415()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"reference\": \"{Probe}\"}}"));

        var response = await PostAsync(content);

        AssertProblem(response, 415, "Unsupported media type", "(given: none)");
    }

    [Fact]
    public async Task A_request_without_a_body_is_400()
    {
        var none = await PostAsync(null);
        var empty = await PostAsync(new StringContent("", Encoding.UTF8, "application/json"));

        AssertProblem(none, 400, "Request body required", "A JSON body is required.");
        AssertProblem(empty, 400, "Request body required", "A JSON body is required.");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_16_KiB_is_413_with_or_without_a_content_length(bool contentLength)
    {
        var json = Padded(Probe, Limit + 1);
        HttpContent content = contentLength ? new StringContent(json, Encoding.UTF8, "application/json") : new ChunkedContent(json);

        var response = await PostAsync(content);

        AssertProblem(response, 413, "Request body too large", "larger than the limit of 16384 bytes");
        await AssertNotWatchedAsync();
    }

    [Fact]
    public async Task A_body_of_exactly_16_KiB_is_read()
    {
        const string reference = "ghcr.io/acme/body-at-the-limit:1";

        var response = await PostAsync(new StringContent(Padded(reference, Limit), Encoding.UTF8, "application/json"));

        Assert.Equal(201, response.Status);
        Assert.Equal(reference, response.Body.GetProperty("reference").GetString());
    }

    [Fact]
    public async Task A_huge_invalid_body_is_not_echoed()
    {
        var huge = new string('a', 15_000);

        var invalid = await PostAsync(new StringContent($"{{\"reference\": \"{huge}\" oops}}", Encoding.UTF8, "application/json"));
        var unknown = await PostAsync(new StringContent($"{{\"{huge}\": 1}}", Encoding.UTF8, "application/json"));
        var group = await PostAsync(new StringContent($"{{\"reference\": \"{Probe}\", \"group\": \"{huge}\"}}", Encoding.UTF8, "application/json"));

        Assert.Equal((400, 400, 400), (invalid.Status, unknown.Status, group.Status));
        Assert.All([invalid, unknown, group], response => Assert.InRange(response.Body.GetRawText().Length, 1, 600));
        Assert.Contains("Unknown field 'aaaa", unknown.Detail, StringComparison.Ordinal);
        Assert.Contains("Unknown watch group 'aaaa", group.Detail, StringComparison.Ordinal);
        await AssertNotWatchedAsync();
    }

    [Fact]
    public async Task Field_names_are_matched_in_any_case_as_before()
    {
        var response = await PostAsync(new StringContent("{\"Reference\": \"ghcr.io/acme/capitalised-field:1\", \"GROUP\": \"default\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(201, response.Status);
        Assert.Equal(("ghcr.io/acme/capitalised-field:1", "default"), (response.Body.GetProperty("reference").GetString(), response.Body.GetProperty("group").GetString()));
    }

    [Fact]
    public async Task A_malformed_body_without_the_key_is_401_unread()
    {
        var response = await PostAsync(new StringContent("{not json", Encoding.UTF8, "application/json"), apiKey: null);

        AssertProblem(response, 401, "Unauthorized", "X-Api-Key");
    }

    [Theory]
    [InlineData("page=abc", "page", "abc")]
    [InlineData("pageSize=1.5", "pageSize", "1.5")]
    public async Task A_query_parameter_that_does_not_bind_is_a_problem_naming_it(string query, string parameter, string value)
    {
        var response = await Host.SendContentAsync(HttpMethod.Get, $"/api/tags?{query}", null);

        AssertProblem(response, 400, "Bad Request", $"\"int {parameter}\" from \"{value}\"");
    }

    [Theory]
    [InlineData("PUT", "/api/watches", 405)]
    [InlineData("GET", "/api/nothing-here", 404)]
    public async Task An_api_path_or_method_that_does_not_exist_is_a_problem_too(string method, string path, int status)
    {
        var response = await Host.SendContentAsync(new HttpMethod(method), path, null, KeyedApiHost.Key);

        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal(status, response.Body.GetProperty("status").GetInt32());
    }

    /// <summary>A valid body of exactly <paramref name="bytes"/> bytes: the reference, then spaces.</summary>
    private static string Padded(string reference, int bytes)
    {
        var json = $"{{\"reference\": \"{reference}\"}}";
        return json.Insert(json.Length - 1, new string(' ', bytes - json.Length));
    }

    private static void AssertProblem(HostResponse response, int status, string title, string detail)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal(status, response.Body.GetProperty("status").GetInt32());
        Assert.Equal(title, response.Title);
        Assert.Contains(detail, response.Detail, StringComparison.Ordinal);
    }

    private Task<HostResponse> PostAsync(HttpContent? content, string? apiKey = KeyedApiHost.Key) =>
        Host.SendContentAsync(HttpMethod.Post, "/api/watches", content, apiKey);

    private async Task AssertNotWatchedAsync()
    {
        var (status, _) = await Host.SendAsync(HttpMethod.Get, $"/api/tags/{Probe}");
        Assert.Equal(404, status);
    }

    /// <summary>A JSON body sent in chunks, without a Content-Length, so only counting what arrives can find it too large.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] bytes;

        public ChunkedContent(string json)
        {
            bytes = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (var offset = 0; offset < bytes.Length; offset += 4096)
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(4096, bytes.Length - offset)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
