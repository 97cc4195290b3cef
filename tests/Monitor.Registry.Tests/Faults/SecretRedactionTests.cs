using System.Net;
using System.Text;
using Monitor.Core.References;
using Monitor.Registry.Auth;
using Monitor.Registry.Configuration;
using Monitor.Registry.Tests.Support;

namespace Monitor.Registry.Tests.Faults;

/// <summary>Passwords, tokens and Authorization headers never reach logs (at any level), failure reasons, results or exception text.</summary>
public sealed class SecretRedactionTests
{
    private const string Username = "robot";
    private const string Password = "Pa55-SECRET-hunter2";
    private const string Token = "tok-SECRET-9f8e7d6c5b4a";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Secrets_never_appear_in_logs_failures_or_results()
    {
        var stub = new StubHandler(request =>
        {
            var host = request.RequestUri!.Host;
            return host switch
            {
                // Token service that hands out a token the registry then refuses.
                "auth.test" when request.RequestUri.AbsolutePath == "/token" => Responses.Json(new { token = Token, expires_in = 300 }),
                "refusing.test" => Responses.Challenge("Bearer realm=\"https://auth.test/token\",service=\"refusing.test\""),
                // Token service that refuses the credentials.
                "auth.test" => Responses.Json(new { details = "bad credentials" }, HttpStatusCode.Unauthorized),
                "deny-token.test" => Responses.Challenge("Bearer realm=\"https://auth.test/deny\",service=\"deny-token.test\""),
                // Basic auth registry that refuses the credentials.
                "basic.test" => Responses.Challenge("Basic realm=\"basic\""),
                // A registry that breaks after authenticating.
                _ => Responses.Status(HttpStatusCode.BadGateway),
            };
        });
        var settings = new Dictionary<string, string?>
        {
            ["Registries:MaxRetries"] = "1",
            ["Registries:RetryBaseDelay"] = "00:00:00.001",
        };
        foreach (var registry in new[] { "refusing.test", "deny-token.test", "basic.test", "broken.test" })
        {
            settings[$"Registries:Hosts:{registry}:Username"] = Username;
            settings[$"Registries:Hosts:{registry}:Password"] = Password;
        }

        await using var host = new RegistryTestHost(settings, stub);

        var results = new List<object>();
        foreach (var registry in new[] { "refusing.test", "deny-token.test", "basic.test", "broken.test" })
        {
            var reference = ImageReference.Parse($"{registry}/team/app:1");
            results.Add(await host.Client.ResolveAsync(reference, Cancel));
            results.Add(await host.Client.GetPlatformsAsync(reference, Responses.RandomDigest(), Cancel));
            results.Add(await host.Client.ListTagsAsync(reference, Cancel));
        }

        Assert.All(results, r => Assert.Contains("Failed", r.GetType().Name, StringComparison.Ordinal));
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
        string[] secrets = [Password, Token, basic, "Bearer " + Token, "Basic " + basic];
        var texts = results.Select(r => r.ToString()!).Concat(host.Logs.Lines).ToList();
        Assert.NotEmpty(host.Logs.Lines);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(texts, text => text.Contains(secret, StringComparison.Ordinal));
        }

        // The requests did carry the secrets: the test would notice if they were never used.
        Assert.Contains(stub.Requests, r => r.Authorization == "Bearer " + Token);
        Assert.Contains(stub.Requests, r => r.Authorization == "Basic " + basic);
    }

    [Fact]
    public void Credential_and_host_options_print_without_their_password()
    {
        var credential = new RegistryCredential(Username, Password);
        var options = new RegistryHostOptions { Host = "ghcr.io", Username = Username, Password = Password };

        Assert.Equal("robot:***", credential.ToString());
        Assert.DoesNotContain(Password, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Auth_exceptions_and_cached_tokens_describe_themselves_without_the_secret()
    {
        var token = new CachedToken(Token, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        Assert.DoesNotContain(Token, token.ToString(), StringComparison.Ordinal);
    }
}
