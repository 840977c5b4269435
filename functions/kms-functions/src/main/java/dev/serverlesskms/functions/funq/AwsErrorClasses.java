package dev.serverlesskms.functions.funq;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exceptions whose class name is an AWS error type ({@code NotFoundException}, not {@code
 * dev.….NotFoundException}).
 *
 * <p>Why: Lambda's Java runtime reports a failed invocation's {@code errorType} as the thrown
 * class's {@link Class#getName() name}, so only a class in the unnamed package can be reported as
 * {@code NotFoundException}. Rather than 33 hand-written classes in the unnamed package, each is
 * defined on first use from a fixed, minimal class file: {@code public final class <Type> extends
 * RuntimeException} with one {@code (String)} constructor. Only names {@link LambdaError} accepted
 * as AWS error types come here, never caller input. A native image cannot define classes at
 * runtime, but it never needs to: its Lambda loop is Quarkus' own, which already reports the AWS
 * type (see {@link LambdaErrorModule}).
 */
final class AwsErrorClasses {
  private static final Map<String, Constructor<? extends RuntimeException>> CONSTRUCTORS =
      new ConcurrentHashMap<>();
  private static final Loader LOADER = new Loader(AwsErrorClasses.class.getClassLoader());

  private AwsErrorClasses() {}

  /** An exception of the class named {@code awsType}, without a stack trace, with this message. */
  static RuntimeException exception(String awsType, String message) {
    if (!awsType.matches("[A-Z][A-Za-z0-9]*")) {
      throw new IllegalArgumentException("not an AWS error type name: " + awsType);
    }
    try {
      RuntimeException error =
          CONSTRUCTORS.computeIfAbsent(awsType, AwsErrorClasses::define).newInstance(message);
      // The trace would only show this class and the handler; the cause stays in the server log.
      error.setStackTrace(new StackTraceElement[0]);
      return error;
    } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot make " + awsType, e);
    }
  }

  private static Constructor<? extends RuntimeException> define(String name) {
    try {
      return LOADER.define(name, classFile(name)).getConstructor(String.class);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The class file of {@code public final class <name> extends RuntimeException}. */
  static byte[] classFile(String name) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(0xCAFEBABE);
      out.writeShort(0); // minor
      out.writeShort(49); // Java 5: no StackMapTable needed for straight-line code
      out.writeShort(10); // constant pool count (entries 1..9)
      utf8(out, name); // #1
      classRef(out, 1); // #2 this class
      utf8(out, "java/lang/RuntimeException"); // #3
      classRef(out, 3); // #4 super class
      utf8(out, "<init>"); // #5
      utf8(out, "(Ljava/lang/String;)V"); // #6
      out.writeByte(12); // #7 NameAndType <init>(String)
      out.writeShort(5);
      out.writeShort(6);
      out.writeByte(10); // #8 Methodref RuntimeException.<init>(String)
      out.writeShort(4);
      out.writeShort(7);
      utf8(out, "Code"); // #9
      out.writeShort(0x0031); // public final super
      out.writeShort(2);
      out.writeShort(4);
      out.writeShort(0); // interfaces
      out.writeShort(0); // fields
      out.writeShort(1); // methods
      out.writeShort(0x0001); // public <init>(String)
      out.writeShort(5);
      out.writeShort(6);
      out.writeShort(1); // one attribute: Code
      out.writeShort(9);
      byte[] code = {0x2a, 0x2b, (byte) 0xb7, 0x00, 0x08, (byte) 0xb1}; // super(message); return
      out.writeInt(2 + 2 + 4 + code.length + 2 + 2);
      out.writeShort(2); // max stack
      out.writeShort(2); // max locals
      out.writeInt(code.length);
      out.write(code);
      out.writeShort(0); // exception table
      out.writeShort(0); // code attributes
      out.writeShort(0); // class attributes
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void utf8(DataOutputStream out, String value) throws IOException {
    out.writeByte(1);
    out.writeUTF(value);
  }

  private static void classRef(DataOutputStream out, int nameIndex) throws IOException {
    out.writeByte(7);
    out.writeShort(nameIndex);
  }

  private static final class Loader extends ClassLoader {
    static {
      registerAsParallelCapable();
    }

    Loader(ClassLoader parent) {
      super(parent);
    }

    Class<? extends RuntimeException> define(String name, byte[] classFile) {
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          loaded = defineClass(name, classFile, 0, classFile.length);
        }
        return loaded.asSubclass(RuntimeException.class);
      }
    }
  }
}
