/** A new user's dashboard: what the app will show, and the two ways to start. */
export function EmptyDashboard() {
  return (
    <div class="dash-empty" data-empty-dashboard>
      <h2>Nothing here yet</h2>
      <p>Add your first trade or import your broker’s history, and this page will show your total value, gains, performance and allocation.</p>
      <p class="dash-actions">
        <a class="primary" href="/add">
          Add a transaction
        </a>
        <a href="/import">Import a CSV file</a>
      </p>
    </div>
  );
}
