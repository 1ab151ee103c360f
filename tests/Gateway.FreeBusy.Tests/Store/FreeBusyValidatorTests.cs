using System.Text;
using Gateway.FreeBusy.Store;

namespace Gateway.FreeBusy.Tests.Store;

public sealed class FreeBusyValidatorTests
{
    private const string Outlook =
        "BEGIN:VCALENDAR\r\nPRODID:-//Microsoft Corporation//Outlook 11.0 MIMEDIR//EN\r\nVERSION:2.0\r\n" +
        "BEGIN:VFREEBUSY\r\nORGANIZER:MAILTO:alice@lab.test\r\nDTSTART:20250101T000000Z\r\nDTEND:20250301T000000Z\r\n" +
        "FREEBUSY;FBTYPE=BUSY:20250105T140000Z/20250105T150000Z\r\nDTSTAMP:20250101T000000Z\r\nEND:VFREEBUSY\r\nEND:VCALENDAR\r\n";

    private static Task<string?> ValidateAsync(string text) => ValidateAsync(Encoding.UTF8.GetBytes(text));

    private static async Task<string?> ValidateAsync(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        return await FreeBusyValidator.ValidateAsync(stream, CancellationToken.None);
    }

    [Fact]
    public async Task Outlook_file_is_valid() => Assert.Null(await ValidateAsync(Outlook));

    [Fact]
    public async Task Bare_LF_line_ends_are_valid() => Assert.Null(await ValidateAsync(Outlook.Replace("\r\n", "\n", StringComparison.Ordinal)));

    [Fact]
    public async Task Byte_order_mark_is_valid() => Assert.Null(await ValidateAsync([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Outlook)]));

    [Fact]
    public async Task Folded_lines_and_quoted_parameters_with_colons_are_valid() =>
        Assert.Null(await ValidateAsync(Outlook.Replace(
            "ORGANIZER:MAILTO:alice@lab.test\r\n",
            "ORGANIZER;CN=\"Alice: Team; Lead\":MAILTO:\r\n alice@lab.test\r\nX-LONG:a\r\n\tb\r\n",
            StringComparison.Ordinal)));

    [Fact]
    public async Task Lower_case_names_and_nested_components_are_valid() =>
        Assert.Null(await ValidateAsync("begin:vcalendar\r\nbegin:vtimezone\r\ntzid:x\r\nend:vtimezone\r\nbegin:vfreebusy\r\nend:vfreebusy\r\nend:vcalendar\r\n\r\n"));

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("hello\r\n", "line 1: not an iCalendar content line")]
    [InlineData("BEGIN:VEVENT\r\nEND:VEVENT\r\n", "the file does not start with BEGIN:VCALENDAR")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "the calendar holds no VFREEBUSY")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VFREEBUSY\r\nEND:VFREEBUSY\r\n", "the calendar is not closed with END:VCALENDAR")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VFREEBUSY\r\nEND:VCALENDAR\r\n", "line 3: END:VCALENDAR does not close the open component")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VFREEBUSY\r\nEND:VFREEBUSY\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR\r\n", "line 5: content after END:VCALENDAR")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VCALENDAR\r\n", "line 2: VCALENDAR inside another component")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nBEGIN:VFREEBUSY\r\nEND:VFREEBUSY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "the calendar holds no VFREEBUSY")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VFREEBUSY\r\nX-A:\u0001\r\nEND:VFREEBUSY\r\nEND:VCALENDAR\r\n", "line 3: control characters are not allowed")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VFREEBUSY\r\nX-A;P=\"unclosed:x\r\nEND:VFREEBUSY\r\nEND:VCALENDAR\r\n", "line 3: not an iCalendar content line")]
    [InlineData("BEGIN:VCALENDAR\r\n\r\nBEGIN:VFREEBUSY\r\nEND:VFREEBUSY\r\nEND:VCALENDAR\r\n", "line 2: empty line inside the calendar")]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:V FREEBUSY\r\n", "line 2: bad component name")]
    public async Task Invalid_files_are_refused_with_a_reason(string text, string reason) => Assert.Equal(reason, await ValidateAsync(text));

    [Fact]
    public async Task Deep_nesting_is_refused()
    {
        var text = "BEGIN:VCALENDAR\r\n" + string.Concat(Enumerable.Repeat("BEGIN:X\r\n", FreeBusyValidator.MaxDepth));
        Assert.Equal($"line {FreeBusyValidator.MaxDepth + 1}: components nested deeper than {FreeBusyValidator.MaxDepth}", await ValidateAsync(text));
    }

    [Fact]
    public async Task Non_UTF8_is_refused() =>
        Assert.Equal("the file is not UTF-8 text", await ValidateAsync([.. Encoding.ASCII.GetBytes("BEGIN:VCALENDAR\r\nX-A:"), 0xE9, .. "\r\n"u8]));
}
