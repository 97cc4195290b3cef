using System.Text.Json;
using System.Xml.Linq;

namespace Monitor.Dashboards.Tests.Docker;

/// <summary>
/// Structural checks of the Dockerfile (no Docker engine here to build it): multi-stage SDK build,
/// chiseled non-root runtime, exec-form entrypoint of the published assembly, restore layer complete.
/// (hadolint is an optional extra, run by hand: see docs/dashboards.md.)
/// </summary>
public sealed class DockerfileTests
{
    private const string WorkerProject = "src/Monitor.Worker/Monitor.Worker.csproj";

    private static readonly IReadOnlyList<DockerInstruction> Instructions = DockerInstruction.Parse(File.ReadAllText(Repo.Dockerfile));

    private static int FinalStage => Instructions.Max(i => i.Stage);

    private static IEnumerable<DockerInstruction> Final => Instructions.Where(i => i.Stage == FinalStage);

    private static IEnumerable<DockerInstruction> Build => Instructions.Where(i => i.Stage == 0);

    [Fact]
    public void Builds_with_the_dotnet_10_sdk_and_runs_on_the_chiseled_aspnet_runtime()
    {
        var froms = Instructions.Where(i => i.Keyword == "FROM").Select(i => i.Arguments).ToList();

        Assert.True(froms.Count >= 2, "The Dockerfile must be multi-stage.");
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/sdk:10\.0\S*\s+AS\s+build$", froms[0]);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/aspnet:10\.0-noble-chiseled(\s+AS\s+\w+)?$", froms[^1]);
    }

    [Fact]
    public void Build_stage_publishes_the_worker_in_release()
    {
        var publish = Assert.Single(Build, i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish", StringComparison.Ordinal));

        Assert.Contains(WorkerProject, publish.Arguments, StringComparison.Ordinal);
        Assert.Matches(@"(--configuration|-c)\s+Release", publish.Arguments);
        Assert.Contains(Final, i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=build", StringComparison.Ordinal));
    }

    [Fact]
    public void Restore_layer_copies_every_project_the_worker_needs_before_restoring()
    {
        var restoreIndex = Instructions.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        Assert.True(restoreIndex > 0, "No `RUN dotnet restore` layer.");
        var copied = Instructions.Take(restoreIndex).Where(i => i.Keyword == "COPY")
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipLast(1))
            .ToHashSet(StringComparer.Ordinal);

        var needed = ProjectClosure(WorkerProject).Concat(["global.json", "Directory.Build.props", "Directory.Packages.props"]).ToList();

        var missing = needed.Where(n => !copied.Contains(n)).ToList();
        Assert.True(missing.Count == 0, "Copy these before `dotnet restore`: " + string.Join(", ", missing));
        Assert.All(copied, source => Assert.True(File.Exists(Path.Combine(Repo.Root, source)), $"COPY source {source} does not exist."));
    }

    [Fact]
    public void Final_stage_runs_as_a_non_root_user()
    {
        var user = Final.LastOrDefault(i => i.Keyword == "USER");

        Assert.NotNull(user);
        Assert.DoesNotMatch(@"^(root|0)(:.*)?$", user.Arguments);
        Assert.Matches(@"^(\$APP_UID|\$\{APP_UID\}|app|[1-9]\d*)$", user.Arguments);
    }

    [Fact]
    public void Entrypoint_is_exec_form_dotnet_running_the_published_assembly()
    {
        var assemblyName = XDocument.Load(Path.Combine(Repo.Root, WorkerProject)).Descendants("AssemblyName").Single().Value;
        var entrypoint = Assert.Single(Final, i => i.Keyword == "ENTRYPOINT");

        Assert.True(entrypoint.IsExecForm, $"ENTRYPOINT must be exec form (no shell in a chiseled image): {entrypoint.Arguments}");
        Assert.Equal(["dotnet", $"{assemblyName}.dll"], JsonSerializer.Deserialize<string[]>(entrypoint.Arguments) ?? []);
    }

    [Fact]
    public void Final_stage_needs_no_shell()
    {
        var shellForms = Final
            .Where(i => i.Keyword == "RUN" || (i.Keyword is "CMD" or "ENTRYPOINT" && !i.IsExecForm)
                        || (i.Keyword == "HEALTHCHECK" && i.Arguments.Contains("CMD-SHELL", StringComparison.Ordinal)))
            .Select(i => $"{i.Keyword} {i.Arguments}")
            .ToList();

        Assert.True(shellForms.Count == 0, "The chiseled runtime has no shell; these need one: " + string.Join("; ", shellForms));
    }

    [Fact]
    public void Final_stage_is_health_checked_by_the_health_verb_in_exec_form()
    {
        var healthcheck = Assert.Single(Final, i => i.Keyword == "HEALTHCHECK");
        var command = healthcheck.Arguments[(healthcheck.Arguments.IndexOf("CMD ", StringComparison.Ordinal) + 4)..];

        var arguments = JsonSerializer.Deserialize<string[]>(command) ?? [];
        Assert.Equal(["dotnet", "monitor.dll", "health"], arguments);
        // Without --url the verb targets Urls, which the image sets to http://0.0.0.0:8080: read as loopback.
        Assert.Contains(Final, i => i.Keyword == "ENV" && i.Arguments.Contains("Urls=http://0.0.0.0:8080", StringComparison.Ordinal));
        Assert.Equal(new Uri("http://127.0.0.1:8080/healthz"), Monitor.Worker.Cli.HealthCommand.DefaultTarget("http://0.0.0.0:8080"));
    }

    [Fact]
    public void Final_stage_listens_on_8080()
    {
        Assert.Contains(Final, i => i.Keyword == "EXPOSE" && i.Arguments.Split(' ').Contains("8080"));
        Assert.Contains(Final, i => i.Keyword == "ENV" && (i.Arguments.Contains("ASPNETCORE_HTTP_PORTS=8080", StringComparison.Ordinal)
                                                          || i.Arguments.Contains("ASPNETCORE_URLS=http://+:8080", StringComparison.Ordinal)));
    }

    [Fact]
    public void Dockerignore_keeps_build_outputs_and_secrets_out_and_the_sources_in()
    {
        var patterns = File.ReadAllLines(Repo.DockerIgnore).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        Assert.Contains("**/bin/", patterns);
        Assert.Contains("**/obj/", patterns);
        Assert.Contains(".env", patterns);
        Assert.Contains(".git", patterns);
        foreach (var needed in new[] { "src", "src/", "migrations", "migrations/", "Directory.Build.props", "Directory.Packages.props", "global.json", "*" })
        {
            Assert.DoesNotContain(needed, patterns);
        }
    }

    /// <summary>The project and every project it references, transitively, as repository-relative '/' paths.</summary>
    private static SortedSet<string> ProjectClosure(string project)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([project]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            if (!seen.Add(current))
            {
                continue;
            }

            var directory = Path.GetDirectoryName(Path.Combine(Repo.Root, current))!;
            foreach (var reference in XDocument.Load(Path.Combine(Repo.Root, current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(directory, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                queue.Enqueue(Path.GetRelativePath(Repo.Root, full).Replace('\\', '/'));
            }
        }

        return seen;
    }
}
