using System.Collections.Concurrent;

namespace Monitor.Registry.Tests.Support;

/// <summary>A programmable registry/token/Hub stand-in for faults a real registry will not produce on demand. Records every request.</summary>
internal sealed class StubHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    public StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond)
        : this((request, _) => Task.FromResult(respond(request)))
    {
    }

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    public int Count(Func<RecordedRequest, bool> predicate) => requests.Count(predicate);

    public int CountHost(string host) => requests.Count(r => r.Uri.Authority == host);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        requests.Enqueue(new RecordedRequest(request.Method.Method, request.RequestUri!, request.Headers.Authorization?.ToString(),
            request.Headers.TryGetValues("Accept", out var accept) ? string.Join(", ", accept) : null,
            request.Options.TryGetValue(new HttpRequestOptionsKey<string>("Monitor.Registry"), out var registry) ? registry : null));
        var response = await respond(request, cancellationToken);
        response.RequestMessage ??= request;
        return response;
    }
}

/// <summary>One request the stub saw; <c>Registry</c> is the registry name the client attached for its handlers.</summary>
internal sealed record RecordedRequest(string Method, Uri Uri, string? Authorization, string? Accept, string? Registry);
