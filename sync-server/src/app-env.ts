/** Values middleware puts on the request context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** The verified user, set by requireUser. */
    userId: string;
  };
}
