/** Every URL no other route matches: a Japanese 404 page rendered by the root ErrorBoundary. */
export async function loader() {
  throw new Response("ページが見つかりません", { status: 404 });
}

export default function NotFound() {
  return null;
}
