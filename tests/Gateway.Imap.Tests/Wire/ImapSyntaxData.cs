namespace Gateway.Imap.Tests.Wire;

/// <summary>Valid and invalid lines shared by the reader, writer and split-point tests (Kestrel's HttpParsingData).</summary>
public static class ImapSyntaxData
{
    /// <summary>Client command lines (each one logical line, literals included) and what the reader makes of them.</summary>
    public static TheoryData<string, string> ValidCommands => new()
    {
        { "a1 NOOP\r\n", "a1 NOOP" },
        { "a2 LOGIN alice \"pa\\\"ss\\\\\"\r\n", "a2 LOGIN alice \"pa\"ss\\\"" },
        { "A0001 UID FETCH 1:*,5 (UID FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)]<0.100>)\r\n", "A0001 UID FETCH 1:*,5 ( UID FLAGS BODY.PEEK [ HEADER.FIELDS ( SUBJECT FROM ) ] <0.100> )" },
        { "a3 LIST \"\" \"INBOX.%\"\r\n", "a3 LIST \"\" \"INBOX.%\"" },
        { "a4 APPEND INBOX (\\Seen) {5}\r\nhello\r\n", "a4 APPEND INBOX ( \\Seen ) {5}=hello" },
        { "a5 APPEND INBOX {5+}\r\nhello\r\n", "a5 APPEND INBOX {5+}=hello" },
        { "a6 APPEND INBOX ~{3}\r\n\0\r\n\r\n", "a6 APPEND INBOX ~{3}=\0\r\n" },
        { "a7 LOGIN {5}\r\nalice {6}\r\nsecret\r\n", "a7 LOGIN {5}=alice {6}=secret" },
        { "a8 SELECT \"Entwürfe\"\r\n", "a8 SELECT \"Entwürfe\"" },
        { "a9 CREATE Entwürfe\r\n", "a9 CREATE Entwürfe" },
        { "a10 STORE 1:3 +FLAGS.SILENT (\\Deleted $Label1)\r\n", "a10 STORE 1:3 +FLAGS.SILENT ( \\Deleted $Label1 )" },
        { "a11 LIST \"\" [Gmail]/*\r\n", "a11 LIST \"\" [Gmail]/*" },
        { "a12 ID NIL\r\n", "a12 ID NIL" },
        { "a13 ID (\"name\" \"Outlook\" \"version\" nil)\r\n", "a13 ID ( \"name\" \"Outlook\" \"version\" NIL )" },
        { "a14 SEARCH CHARSET UTF-8 SUBJECT {4}\r\ntät\r\n", "a14 SEARCH CHARSET UTF-8 SUBJECT {4}=tät" },
        { "a15 IDLE\r\n", "a15 IDLE" },
        { "a16 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==\r\n", "a16 AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==" },
        { "a17 FETCH 1 BINARY.PEEK[1]\r\n", "a17 FETCH 1 BINARY.PEEK [ 1 ]" },
        { "a18 FETCH 1 (BODY[] BODY[TEXT])\r\n", "a18 FETCH 1 ( BODY [ ] BODY [ TEXT ] )" },
        { "a19 SETACL \"INBOX.Team\" bob lr\r\n", "a19 SETACL \"INBOX.Team\" bob lr" },
        { "a20 APPEND \"Sent Items\" (\\Seen) \"01-Jan-2024 10:00:00 +0000\" {0}\r\n\r\n", "a20 APPEND \"Sent Items\" ( \\Seen ) \"01-Jan-2024 10:00:00 +0000\" {0}=" },
        { "a21 LIST (SPECIAL-USE) \"\" \"*\" RETURN (CHILDREN)\r\n", "a21 LIST ( SPECIAL-USE ) \"\" \"*\" RETURN ( CHILDREN )" },
        { "a22 STATUS \"#shared.alice.Team\" (MESSAGES UIDNEXT)\r\n", "a22 STATUS \"#shared.alice.Team\" ( MESSAGES UIDNEXT )" },
        { "a23 FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)\r\n", "a23 FETCH 1:* ( FLAGS ) ( CHANGEDSINCE 12345 )" },
        { "a24 LOGIN \"\" \"\"\r\n", "a24 LOGIN \"\" \"\"" },
        { "a25 SELECT Foo[bar]\r\n", "a25 SELECT Foo[bar]" },
    };

    /// <summary>Server response lines, most captured from Dovecot 2.3, Cyrus 3.6 and Courier 5 (shared/notes/upstream-servers.md).</summary>
    public static TheoryData<string, string> ValidResponses => new()
    {
        { "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN AUTH=LOGIN] Dovecot (Debian) ready.\r\n", "* OK [ CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN AUTH=LOGIN ] T:Dovecot (Debian) ready." },
        { "* OK [CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE STARTTLS AUTH=PLAIN AUTH=LOGIN SASL-IR] localhost Cyrus IMAP 3.6.1-Debian-3.6.1-4+deb12u5 server ready\r\n", "* OK [ CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE STARTTLS AUTH=PLAIN AUTH=LOGIN SASL-IR ] T:localhost Cyrus IMAP 3.6.1-Debian-3.6.1-4+deb12u5 server ready" },
        { "* LIST (\\HasNoChildren) \".\" \"INBOX.Calendar\"\r\n", "* LIST ( \\HasNoChildren ) \".\" \"INBOX.Calendar\"" },
        { "* LIST (\\HasNoChildren) \".\" INBOX.Calendar\r\n", "* LIST ( \\HasNoChildren ) \".\" INBOX.Calendar" },
        { "* LIST (\\Noselect) \"/\" \"\"\r\n", "* LIST ( \\Noselect ) \"/\" \"\"" },
        { "* LIST (\\HasNoChildren \\UnMarked \\Drafts) \"/\" Drafts\r\n", "* LIST ( \\HasNoChildren \\UnMarked \\Drafts ) \"/\" Drafts" },
        { "* NAMESPACE ((\"INBOX.\" \".\")) NIL ((\"#shared.\" \".\")(\"shared.\" \".\"))\r\n", "* NAMESPACE ( ( \"INBOX.\" \".\" ) ) NIL ( ( \"#shared.\" \".\" ) ( \"shared.\" \".\" ) )" },
        { "* NAMESPACE ((\"\" \"/\")) ((\"shared/\" \"/\")) NIL\r\n", "* NAMESPACE ( ( \"\" \"/\" ) ) ( ( \"shared/\" \"/\" ) ) NIL" },
        { "* ACL \"INBOX.Team\" \"owner\" \"acdilrsw\" \"administrators\" \"acdilrsw\" \"bob\" \"lr\"\r\n", "* ACL \"INBOX.Team\" \"owner\" \"acdilrsw\" \"administrators\" \"acdilrsw\" \"bob\" \"lr\"" },
        { "* ACL INBOX.Team alice lrswipkxtecdan bob lr\r\n", "* ACL INBOX.Team alice lrswipkxtecdan bob lr" },
        { "* LISTRIGHTS \"INBOX.Calendar\" \"bob\" \"\" a c d i l p r s w\r\n", "* LISTRIGHTS \"INBOX.Calendar\" \"bob\" \"\" a c d i l p r s w" },
        { "* MYRIGHTS \"#shared.carol.Calendar\" \"lr\"\r\n", "* MYRIGHTS \"#shared.carol.Calendar\" \"lr\"" },
        { "* STATUS \"#shared.alice.Team\" (MESSAGES 1 UIDNEXT 2)\r\n", "* STATUS \"#shared.alice.Team\" ( MESSAGES 1 UIDNEXT 2 )" },
        { "* 1 FETCH (UID 7 BODY[] {12}\r\nHi\r\n\r\nthere.)\r\n", "* 1 FETCH ( UID 7 BODY [ ] {12}=Hi\r\n\r\nthere. )" },
        { "* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)]<0> {5}\r\nabcde)\r\n", "* 1 FETCH ( BODY [ HEADER.FIELDS ( SUBJECT ) ] <0> {5}=abcde )" },
        { "* 1 FETCH (BINARY[1] ~{3}\r\n\u0001\u0002\u0003)\r\n", "* 1 FETCH ( BINARY [ 1 ] ~{3}=\u0001\u0002\u0003 )" },
        { "* 12 FETCH (FLAGS (\\Seen) UID 99 RFC822.SIZE 4452 ENVELOPE (\"Mon, 7 Feb 1994 21:52:25 -0800\" \"Subj \\\"x\\\"\" ((\"Fred\" NIL \"fred\" \"example.com\")) NIL NIL NIL NIL NIL NIL \"<id@x>\"))\r\n", "* 12 FETCH ( FLAGS ( \\Seen ) UID 99 RFC822.SIZE 4452 ENVELOPE ( \"Mon, 7 Feb 1994 21:52:25 -0800\" \"Subj \"x\"\" ( ( \"Fred\" NIL \"fred\" \"example.com\" ) ) NIL NIL NIL NIL NIL NIL \"<id@x>\" ) )" },
        { "+ idling\r\n", "+ T:idling" },
        { "+\r\n", "+" },
        { "+ \r\n", "+ T:" },
        { "+ AGFsaWNl+/=\r\n", "+ T:AGFsaWNl+/=" },
        { "a14 OK [READ-ONLY] Select completed (0.002 + 0.000 + 0.001 secs).\r\n", "a14 OK [ READ-ONLY ] T:Select completed (0.002 + 0.000 + 0.001 secs)." },
        { "a16 NO Access denied for GETACL on #shared.carol.Calendar (ACL \"a\" required)\r\n", "a16 NO T:Access denied for GETACL on #shared.carol.Calendar (ACL \"a\" required)" },
        { "a13 NO [NOPERM] You lack administrator privileges on this mailbox (0.001 + 0.000 secs).\r\n", "a13 NO [ NOPERM ] T:You lack administrator privileges on this mailbox (0.001 + 0.000 secs)." },
        { "* OK [PERMANENTFLAGS (\\* \\Draft \\Answered \\Flagged \\Deleted \\Seen)] Limited\r\n", "* OK [ PERMANENTFLAGS ( \\* \\Draft \\Answered \\Flagged \\Deleted \\Seen ) ] T:Limited" },
        { "* OK [PERMANENTFLAGS ()] Read-only mailbox.\r\n", "* OK [ PERMANENTFLAGS ( ) ] T:Read-only mailbox." },
        { "* OK [MYRIGHTS \"lr\"] ACL\r\n", "* OK [ MYRIGHTS \"lr\" ] T:ACL" },
        { "* OK [MAILBOXID (...)] Ok\r\n", "* OK [ MAILBOXID ( ... ) ] T:Ok" },
        { "* OK [UNSEEN 12] Message 12 is first unseen\r\n", "* OK [ UNSEEN 12 ] T:Message 12 is first unseen" },
        { "* OK [ALERT] System shutdown in 10 minutes\r\n", "* OK [ ALERT ] T:System shutdown in 10 minutes" },
        { "* 1 EXISTS\r\n", "* 1 EXISTS" },
        { "* 0 RECENT\r\n", "* 0 RECENT" },
        { "* BYE Logging out\r\n", "* BYE T:Logging out" },
        { "* PREAUTH [CAPABILITY IMAP4rev1] hi\r\n", "* PREAUTH [ CAPABILITY IMAP4rev1 ] T:hi" },
        { "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n", "* FLAGS ( \\Answered \\Flagged \\Deleted \\Seen \\Draft )" },
        { "* LIST () \"/\" {9}\r\nEntwürfe\r\n", "* LIST ( ) \"/\" {9}=Entwürfe" },
        { "* LIST (\\HasNoChildren) \".\" \"Entwürfe\"\r\n", "* LIST ( \\HasNoChildren ) \".\" \"Entwürfe\"" },
        { "a2 OK\r\n", "a2 OK" },
        { "a3 NO too big {5}\r\n", "a3 NO T:too big {5}" },
        { "* SEARCH\r\n", "* SEARCH" },
        { "* SEARCH 2 5 7\r\n", "* SEARCH 2 5 7" },
        { "* CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN\r\n", "* CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN" },
        { "* ENABLED UTF8=ACCEPT\r\n", "* ENABLED UTF8=ACCEPT" },
        { "* OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n", "* OK [ COPYUID 38505 304,319:320 3956:3958 ] T:Done" },
        { "a1 OK [CAPABILITY IMAP4rev1 ACL] Logged in\r\n", "a1 OK [ CAPABILITY IMAP4rev1 ACL ] T:Logged in" },
    };

    /// <summary>Malformed or over-limit lines: whether it is a command, the input, the error as "!Reason@offset" plus " BYE" when it cannot be resynchronised.</summary>
    public static TheoryData<bool, string, string> Invalid => new()
    {
        { true, "\r\n", "!EmptyLine@0" },
        { true, "a1\r\n", "!MissingCommand@2" },
        { true, "a1 \r\n", "!MissingCommand@2" },
        { true, " a1 NOOP\r\n", "!InvalidTag@0" },
        { true, "a+1 NOOP\r\n", "!InvalidTag@1" },
        { true, "a*1 NOOP\r\n", "!InvalidTag@1" },
        { true, "a1 LOGIN \"alice\r\n", "!UnterminatedQuotedString@15" },
        { true, "a1 LOGIN \"al\\ice\" x\r\n", "!InvalidEscape@12" },
        { true, "a1 LOGIN \"alice\\\r\n", "!UnterminatedQuotedString@16" },
        { true, "a1 LOGIN {abc}\r\n", "!InvalidLiteral@10" },
        { true, "a1 LOGIN {5\r\n", "!InvalidLiteral@11" },
        { true, "a1 LOGIN {}\r\n", "!InvalidLiteral@10" },
        { true, "a1 LOGIN {5} x\r\n", "!LiteralNotAtEnd@12" },
        { true, "a1 LOGIN {-5}\r\n", "!InvalidLiteral@10" },
        { true, "a1 LOGIN {5-}\r\n", "!InvalidLiteral@11" },
        { true, "a1 APPEND INBOX {99999999999}\r\n", "!LiteralTooLarge@16" },
        { true, "a1 APPEND INBOX {99999999999+}\r\n", "!LiteralTooLarge@16 BYE" },
        { true, "a1 APPEND INBOX {99999999999999999999999999}\r\n", "!LiteralTooLarge@16" },
        { true, "a1 LOGIN a\0b c\r\n", "!NulByte@10" },
        { true, "a1 NOOP\n", "!BareLineFeed@7" },
        { true, "\n", "!BareLineFeed@0" },
        { true, "a1 LOGIN a\rb c\r\n", "!ControlCharacter@10" },
        { true, "a1 LOGIN a\tb c\r\n", "!ControlCharacter@10" },
        { true, "a1 LOGIN \u007f c\r\n", "!ControlCharacter@9" },
        { true, "a1 FETCH 1 (FLAGS\r\n", "!UnbalancedParenthesis@17" },
        { true, "a1 FETCH 1 FLAGS)\r\n", "!UnbalancedParenthesis@16" },
        { true, "a1 FETCH 1 BODY[TEXT\r\n", "!UnbalancedBracket@20" },
        { true, "a1 FETCH 1 (BODY[HEADER.FIELDS (A]))\r\n", "!UnbalancedBracket@33" },
        { true, "a1 FETCH 1 (BODY[TEXT)]\r\n", "!UnbalancedParenthesis@21" },
        { true, "a1 LOGIN a{5}\r\n", "!UnexpectedCharacter@10" },
        { true, "a1 NOOP x\0y {5+}\r\n", "!NulByte@9 BYE" },
        { true, "a1 LOGIN \"x {5+}\r\n", "!UnterminatedQuotedString@16 BYE" },
        { true, "a1 LOGIN {5+} {5+}\r\n", "!LiteralNotAtEnd@13 BYE" },
        { false, "\r\n", "!EmptyLine@0" },
        { false, "*\r\n", "!UnexpectedCharacter@1" },
        { false, "* \r\n", "!MissingCommand@1" },
        { false, "*OK\r\n", "!UnexpectedCharacter@1" },
        { false, "+idling\r\n", "!UnexpectedCharacter@1" },
        { false, "* 1\r\n", "!MissingCommand@3" },
        { false, "* LIST (\\X \".\" INBOX\r\n", "!UnbalancedParenthesis@20" },
        { false, "* OK [ALERT text\r\n", "!UnbalancedBracket@16" },
        { false, "* 1 FETCH (BODY[] {5)\r\n", "!InvalidLiteral@20" },
        { false, "* LIST () \".\" \"a\0\"\r\n", "!NulByte@16" },
        { false, "a1\r\n", "!MissingCommand@2" },
    };

    /// <summary>A Courier 5 session as the gateway sees it from upstream, in one stream.</summary>
    public const string CourierTranscript =
        "* OK [CAPABILITY IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE ACL ACL2=UNION STARTTLS ENABLE UTF8=ACCEPT] Courier-IMAP ready. Copyright 1998-2019 Double Precision, Inc.  See COPYING for distribution information.\r\n"
        + "* NAMESPACE ((\"INBOX.\" \".\")) NIL ((\"#shared.\" \".\")(\"shared.\" \".\"))\r\n"
        + "a6 OK NAMESPACE completed.\r\n"
        + "* LIST (\\Marked \\HasChildren) \".\" \"INBOX\"\r\n"
        + "* LIST (\\HasNoChildren) \".\" \"INBOX.Calendar\"\r\n"
        + "a9 OK LIST completed\r\n"
        + "* ACL \"INBOX.Team\" \"owner\" \"acdilrsw\" \"administrators\" \"acdilrsw\" \"bob\" \"lr\"\r\n"
        + "a11 OK GETACL completed.\r\n"
        + "* FLAGS (\\Draft \\Answered \\Flagged \\Deleted \\Seen \\Recent)\r\n"
        + "* OK [PERMANENTFLAGS (\\* \\Draft \\Answered \\Flagged \\Deleted \\Seen)] Limited\r\n"
        + "* 1 EXISTS\r\n"
        + "* 0 RECENT\r\n"
        + "* OK [MYRIGHTS \"lr\"] ACL\r\n"
        + "a17 OK [READ-ONLY] Ok\r\n"
        + "* 1 FETCH (UID 1 BODY[] {27}\r\nSubject: hi\r\n\r\nHello you.\r\n)\r\n"
        + "a18 OK FETCH completed.\r\n"
        + "+ idling\r\n"
        + "* 2 EXISTS\r\n"
        + "a19 OK IDLE completed\r\n";
}
