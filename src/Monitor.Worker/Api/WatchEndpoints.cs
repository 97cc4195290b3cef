using Microsoft.Extensions.Options;
using Monitor.Core.History;
using Monitor.Core.References;
using Monitor.Data.Watches;
using Monitor.Worker.Watchlist;

namespace Monitor.Worker.Api;

internal static class WatchEndpoints
{
    public sealed record AddWatchRequest(string? Reference, string? Group);

    public static void MapWatchEndpoints(this IEndpointRouteBuilder app)
    {
        var watches = app.MapGroup("/api/watches").AddEndpointFilter<ApiKeyFilter>().WithTags("watches");
        watches.MapPost("/", AddAsync).WithSummary("Watch a tag");
        watches.MapDelete("/{**reference}", RemoveAsync).WithSummary("Stop watching a tag (history is kept)");
    }

    private static async Task<IResult> AddAsync(
        AddWatchRequest request, WatchStore store, IOptions<ApiOptions> api, IOptions<WatchlistOptions> watchlist, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TryResolve(request.Reference, api.Value, out var tag, out var problem))
        {
            return problem!;
        }

        var group = string.IsNullOrWhiteSpace(request.Group) ? WatchlistOptions.DefaultGroup : request.Group;
        if (watchlist.Value.EffectiveGroups().All(g => g.Name != group))
        {
            return Results.Problem($"Unknown watch group '{group}'.", statusCode: StatusCodes.Status400BadRequest);
        }

        var added = await store.AddAsync([new WatchSpec(tag!, group, WatchSource.Api)], time.GetUtcNow(), cancellationToken);
        var body = new { reference = tag!.Canonical, group, added = added > 0 };
        return added > 0 ? Results.Created($"/api/tags/{tag.Canonical}", body) : Results.Ok(body);
    }

    private static async Task<IResult> RemoveAsync(string reference, WatchStore store, IOptions<ApiOptions> api, CancellationToken cancellationToken)
    {
        if (!TryResolve(reference, api.Value, out var tag, out var problem))
        {
            return problem!;
        }

        return await store.DisableAsync(tag!, cancellationToken)
            ? Results.NoContent()
            : Results.Problem($"{tag!.Canonical} is not watched.", statusCode: StatusCodes.Status404NotFound);
    }

    private static bool TryResolve(string? text, ApiOptions api, out TagReference? tag, out IResult? problem)
    {
        (tag, problem) = (null, null);
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = Results.Problem("'reference' is required, e.g. python:3.13-slim.", statusCode: StatusCodes.Status400BadRequest);
            return false;
        }

        if (!WatchableReference.TryParse(text, out tag, out var error))
        {
            problem = Results.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid image reference");
            return false;
        }

        if (!api.IsAllowed(tag.Registry))
        {
            problem = Results.Problem($"Registry '{tag.Registry}' is not in Api:AllowedRegistries.", statusCode: StatusCodes.Status400BadRequest, title: "Registry not allowed");
            tag = null;
            return false;
        }

        return true;
    }
}
