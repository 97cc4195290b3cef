using Monitor.Registry.Auth;

namespace Monitor.Registry.Tests.Units;

public sealed class WwwAuthenticateParserTests
{
    [Fact]
    public void Docker_hub_bearer_challenge_yields_realm_service_and_scope()
    {
        var challenge = Assert.Single(WwwAuthenticateParser.Parse(
            "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/python:pull\""));

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.docker.io/token", challenge.Realm);
        Assert.Equal("registry.docker.io", challenge.Service);
        Assert.Equal("repository:library/python:pull", challenge.Scope);
    }

    [Fact]
    public void Quoted_values_keep_commas_equals_and_escaped_quotes()
    {
        var challenge = Assert.Single(WwwAuthenticateParser.Parse(
            "Bearer realm=\"https://auth.example/token?a=1,b=2\", scope=\"repository:a/b:pull,push repository:c:pull\", error=\"insufficient_scope\", note=\"say \\\"hi\\\"\""));

        Assert.Equal("https://auth.example/token?a=1,b=2", challenge.Realm);
        Assert.Equal("repository:a/b:pull,push repository:c:pull", challenge.Scope);
        Assert.Equal("insufficient_scope", challenge.Parameter("error"));
        Assert.Equal("say \"hi\"", challenge.Parameter("note"));
    }

    [Fact]
    public void Basic_challenge_is_recognised()
    {
        var challenge = Assert.Single(WwwAuthenticateParser.Parse("Basic realm=\"Registry Realm\""));

        Assert.True(challenge.IsBasic);
        Assert.Equal("Registry Realm", challenge.Realm);
    }

    [Fact]
    public void Several_challenges_in_one_header_are_all_returned()
    {
        var challenges = WwwAuthenticateParser.Parse("Basic realm=\"basic\", Bearer realm=\"https://auth.test/token\",service=\"reg\"");

        Assert.Equal(["Basic", "Bearer"], challenges.Select(c => c.Scheme));
        Assert.Equal("https://auth.test/token", challenges[1].Realm);
        Assert.Equal("reg", challenges[1].Service);
    }

    [Theory]
    [InlineData("bearer REALM=\"https://a/token\"")]
    [InlineData("Bearer   realm = \"https://a/token\"")]
    [InlineData("Bearer realm=https://a/token")]
    public void Scheme_and_parameter_names_are_case_and_space_tolerant(string header)
    {
        var challenge = Assert.Single(WwwAuthenticateParser.Parse(header));

        Assert.True(challenge.IsBearer);
        Assert.Equal("https://a/token", challenge.Realm);
    }

    [Fact]
    public void Token68_credentials_do_not_become_parameters()
    {
        var challenges = WwwAuthenticateParser.Parse("Negotiate abc123==, Basic realm=\"x\"");

        Assert.Equal(["Negotiate", "Basic"], challenges.Select(c => c.Scheme));
        Assert.Empty(challenges[0].Parameters);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"quoted\"")]
    public void Empty_or_garbage_header_yields_no_challenge(string? header) =>
        Assert.Empty(WwwAuthenticateParser.Parse(header));

    [Fact]
    public void Unterminated_quote_yields_what_parsed()
    {
        var challenge = Assert.Single(WwwAuthenticateParser.Parse("Bearer realm=\"https://a/token"));

        Assert.Equal("https://a/token", challenge.Realm);
    }
}
