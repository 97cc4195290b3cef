using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Monitor.Core.History;
using Monitor.Core.References;
using Monitor.Data.Watches;
using Monitor.Worker.Watchlist;

namespace Monitor.Worker.Api;

internal static class WatchEndpoints
{
    public sealed record AddWatchRequest(string? Reference, string? Group);

    /// <param name="Added">False when the tag was already watched.</param>
    public sealed record WatchResult(string Reference, string Group, bool Added);

    public static void MapWatchEndpoints(this IEndpointRouteBuilder app)
    {
        var watches = app.MapGroup("/api/watches").AddEndpointFilter<ApiKeyFilter>().WithTags("watches")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        watches.MapPost("/", AddAsync).WithSummary("Watch a tag");
        watches.MapDelete("/{**reference}", RemoveAsync).WithSummary("Stop watching a tag (history is kept)")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<WatchResult>, Ok<WatchResult>, ProblemHttpResult>> AddAsync(
        AddWatchRequest request, WatchStore store, IOptions<ApiOptions> api, IOptions<WatchlistOptions> watchlist, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!TryResolve(request.Reference, api.Value, out var tag, out var problem))
        {
            return problem;
        }

        var group = string.IsNullOrWhiteSpace(request.Group) ? WatchlistOptions.DefaultGroup : request.Group;
        if (watchlist.Value.EffectiveGroups().All(g => g.Name != group))
        {
            return TypedResults.Problem($"Unknown watch group '{group}'.", statusCode: StatusCodes.Status400BadRequest);
        }

        var added = await store.AddAsync([new WatchSpec(tag, group, WatchSource.Api)], time.GetUtcNow(), cancellationToken) > 0;
        var body = new WatchResult(tag.Canonical, group, added);
        return added ? TypedResults.Created($"/api/tags/{tag.Canonical}", body) : TypedResults.Ok(body);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(string reference, WatchStore store, IOptions<ApiOptions> api, CancellationToken cancellationToken)
    {
        if (!TryResolve(reference, api.Value, out var tag, out var problem))
        {
            return problem;
        }

        return await store.DisableAsync(tag, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem($"{tag.Canonical} is not watched.", statusCode: StatusCodes.Status404NotFound);
    }

    private static bool TryResolve(string? text, ApiOptions api, [NotNullWhen(true)] out TagReference? tag, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        (tag, problem) = (null, null);
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = TypedResults.Problem("'reference' is required, e.g. python:3.13-slim.", statusCode: StatusCodes.Status400BadRequest);
            return false;
        }

        if (!WatchableReference.TryParse(text, out tag, out var error))
        {
            problem = TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid image reference");
            return false;
        }

        if (!api.IsAllowed(tag.Registry))
        {
            problem = TypedResults.Problem($"Registry '{tag.Registry}' is not in Api:AllowedRegistries.", statusCode: StatusCodes.Status400BadRequest, title: "Registry not allowed");
            tag = null;
            return false;
        }

        return true;
    }
}
