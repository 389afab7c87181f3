export function ImportExport() {
  return (
    <section aria-labelledby="io-heading">
      <h1 id="io-heading">Import &amp; export</h1>
    </section>
  );
}
