using BlazorMedia.Features.Account;

namespace BlazorMedia.Tests.Features.Account;

public sealed class AccountsOptionsValidatorTests
{
    [Theory]
    [InlineData("00:00:01")]
    [InlineData("00:01:00")]
    [InlineData("01:00:00")]
    public void Validate_SessionCheckIntervalInRange_Succeeds(string interval) =>
        new AccountsOptionsValidator().Validate(null, new AccountsOptions { SessionCheckInterval = TimeSpan.Parse(interval) })
            .Succeeded.ShouldBeTrue();

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:00.5000000")]
    [InlineData("-00:01:00")]
    [InlineData("01:00:01")]
    public void Validate_SessionCheckIntervalOutOfRange_FailsNamingTheSetting(string interval)
    {
        var result = new AccountsOptionsValidator().Validate(null, new AccountsOptions { SessionCheckInterval = TimeSpan.Parse(interval) });

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldBe($"Accounts:SessionCheckInterval '{TimeSpan.Parse(interval)}' must be from 00:00:01 to 01:00:00.");
    }

    [Fact]
    public void SessionCheckInterval_Default_OneMinute() => new AccountsOptions().SessionCheckInterval.ShouldBe(TimeSpan.FromMinutes(1));
}
