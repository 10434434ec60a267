package hu.eeszt.auth;

/** A failed call: the stable code, its symbolic name and the message in Hungarian and English. */
public class EesztException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final String name;
    private final String messageHu;
    private final String messageEn;

    EesztException(int code, String name, String messageHu, String messageEn) {
        super(messageEn + " (" + name + " " + code + ")");
        this.code = code;
        this.name = name;
        this.messageHu = messageHu;
        this.messageEn = messageEn;
    }

    /** The stable result code (EESZT_ERR_*). */
    public int getCode() { return code; }

    /** The symbolic name, for example "OTP_CODE_REUSED". */
    public String getName() { return name; }

    /** The message in Hungarian, with the failed call's details when the library gave any. */
    public String getMessageHu() { return messageHu; }

    /** The message in English. */
    public String getMessageEn() { return messageEn; }

    /** The exception for a code, with its general messages. */
    public static EesztException forCode(int code) {
        return new EesztException(code, codeText(code, -1), codeText(code, 0), codeText(code, 1));
    }

    /** Right after a failed call on this thread: with the detailed last-error message. */
    static EesztException last(int code) {
        String hu = lastMessage(0);
        String en = lastMessage(1);
        return new EesztException(code, codeText(code, -1), hu != null ? hu : codeText(code, 0),
                en != null ? en : codeText(code, 1));
    }

    private static String lastMessage(int lang) {
        Lib.SizeTByReference needed = new Lib.SizeTByReference();
        if (Lib.C.eeszt_last_error_message(lang, null, new Lib.SizeT(0), needed) != Lib.BUFFER_TOO_SMALL) {
            return null;
        }
        byte[] buf = new byte[(int) needed.getValue()];
        if (Lib.C.eeszt_last_error_message(lang, buf, new Lib.SizeT(buf.length), needed) != Lib.OK) {
            return null;
        }
        return Lib.fromUtf8(buf);
    }

    // lang -1: the symbolic name. Never throws.
    private static String codeText(int code, int lang) {
        Lib.SizeTByReference needed = new Lib.SizeTByReference();
        int r = lang < 0 ? Lib.C.eeszt_error_name(code, null, new Lib.SizeT(0), needed)
                : Lib.C.eeszt_error_message(code, lang, null, new Lib.SizeT(0), needed);
        if (r != Lib.BUFFER_TOO_SMALL) {
            return "eeszt error " + code;
        }
        byte[] buf = new byte[(int) needed.getValue()];
        r = lang < 0 ? Lib.C.eeszt_error_name(code, buf, new Lib.SizeT(buf.length), needed)
                : Lib.C.eeszt_error_message(code, lang, buf, new Lib.SizeT(buf.length), needed);
        return r == Lib.OK ? Lib.fromUtf8(buf) : "eeszt error " + code;
    }
}
