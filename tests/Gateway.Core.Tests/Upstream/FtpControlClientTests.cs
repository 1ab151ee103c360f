using Gateway.Core.Upstream;

namespace Gateway.Core.Tests.Upstream;

public sealed class FtpControlClientTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Multi_line_reply_ends_at_the_line_with_the_same_code_and_a_space()
    {
        await using var ftp = new FtpControlClient(new ScriptedStream(
            "230-Welcome to\r\n230-the server\r\n123 not the end\r\n 230 not the end either\r\n230 Login ok\r\n"));

        var reply = await ftp.ReadReplyAsync(default).WaitAsync(Patience);

        Assert.Equal(230, reply.Code);
        Assert.Equal(["Welcome to", "the server", "123 not the end", " 230 not the end either", "Login ok"], reply.Lines);
        Assert.Equal("230 Welcome to the server 123 not the end  230 not the end either Login ok", reply.ToString());
    }

    [Fact]
    public async Task Reply_split_across_packets_and_with_bare_line_feeds_is_read_whole()
    {
        await using var ftp = new FtpControlClient(new ScriptedStream("220-first\n220 ready\r\n331 next\n", chunk: 1));

        var greeting = await ftp.ReadReplyAsync(default).WaitAsync(Patience);
        var next = await ftp.ReadReplyAsync(default).WaitAsync(Patience);

        Assert.Equal(new FtpReply(220, ["first", "ready"]).ToString(), greeting.ToString());
        Assert.Equal(331, next.Code);
        Assert.Equal("next", next.Text);
    }

    [Fact]
    public async Task Code_alone_is_a_complete_reply()
    {
        await using var ftp = new FtpControlClient(new ScriptedStream("200\r\n"));

        var reply = await ftp.ReadReplyAsync(default).WaitAsync(Patience);

        Assert.Equal(200, reply.Code);
        Assert.Equal("", reply.Text);
    }

    [Fact]
    public async Task SendAsync_writes_one_line_and_skips_preliminary_replies()
    {
        var stream = new ScriptedStream("150 working\r\n211-status\r\n211 end\r\n");
        await using var ftp = new FtpControlClient(stream);

        var reply = await ftp.SendAsync("STAT", default).WaitAsync(Patience);

        Assert.Equal("STAT\r\n", stream.Written.ToString());

        Assert.Equal(211, reply.Code);
        Assert.True(reply.IsPositiveCompletion);
    }

    [Fact]
    public async Task Command_with_a_line_break_is_refused()
    {
        await using var ftp = new FtpControlClient(new ScriptedStream(""));

        await Assert.ThrowsAsync<ArgumentException>(() => ftp.SendAsync("USER a\r\nDELE x", default));
    }

    [Fact]
    public async Task Text_that_is_not_a_reply_is_a_protocol_error()
    {
        await using var ftp = new FtpControlClient(new ScriptedStream("HTTP/1.1 400 Bad Request\r\n"));

        await Assert.ThrowsAsync<InvalidDataException>(() => ftp.ReadReplyAsync(default).WaitAsync(Patience));
    }

    [Fact]
    public async Task Closed_connection_is_an_io_error()
    {
        await using var ftp = new FtpControlClient(new ScriptedStream("220-partial\r\n"));

        await Assert.ThrowsAsync<IOException>(() => ftp.ReadReplyAsync(default).WaitAsync(Patience));
    }

    [Theory]
    [InlineData("220 ok", true, 220)]
    [InlineData("550", true, 550)]
    [InlineData("600 no such class", false, 0)]
    [InlineData("22", false, 0)]
    [InlineData("2x0 bad", false, 0)]
    public void TryParseCode_accepts_three_digits_from_1yz_to_5yz(string line, bool ok, int code)
    {
        Assert.Equal(ok, FtpControlClient.TryParseCode(line, out var parsed));
        Assert.Equal(code, parsed);
    }

}
